using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>
/// Expected-results files: one <c>case-id verdict</c> per line, sorted by ID, <c>#</c> comments allowed. Stable and
/// diff-friendly, so that a CI change of any verdict (an unexpected pass included) shows as one changed line.
/// </summary>
public static class ExpectFile
{
    public static void Write(string path, IEnumerable<CaseResult> results)
    {
        var lines = results.OrderBy(r => r.CaseId, StringComparer.Ordinal).Select(r => $"{r.CaseId} {r.Verdict.ToWire()}");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    /// <summary>
    /// The expected verdicts of <paramref name="target"/>: its column when the file is a table (<see cref="ExpectTable"/>),
    /// else the whole file.
    /// </summary>
    public static Dictionary<string, Verdict> Read(string path, string target) =>
        ExpectTable.IsTable(path) ? ExpectTable.ReadColumn(path, target) : Read(path);

    /// <summary>Rewrites <paramref name="target"/>'s expected verdicts: its column of a table, else the whole file.</summary>
    public static void Write(string path, string target, IEnumerable<CaseResult> results, bool wholeSuite)
    {
        if (ExpectTable.IsTable(path)) ExpectTable.WriteColumn(path, target, results, wholeSuite);
        else Write(path, results);
    }

    /// <summary>Parses a file; throws <see cref="FormatException"/> naming the line on a malformed one.</summary>
    public static Dictionary<string, Verdict> Read(string path)
    {
        if (ExpectTable.IsTable(path)) throw new FormatException($"{path} is a table of several targets' verdicts: it is read through a targets file, whose target names pick the column");
        var expected = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !VerdictNames.TryParse(parts[1], out var v))
                throw new FormatException($"{path}:{n}: expected 'case-id verdict', got '{line}'");
            if (!expected.TryAdd(parts[0], v)) throw new FormatException($"{path}:{n}: {parts[0]} listed twice");
        }
        return expected;
    }

    /// <summary>
    /// Every difference between the file and the run, one line each. A case the file lists but the run did not include
    /// counts only when the whole suite ran (<paramref name="wholeSuite"/>), since --cases narrows a run on purpose.
    /// </summary>
    public static List<string> Compare(IReadOnlyDictionary<string, Verdict> expected, IEnumerable<CaseResult> results, bool wholeSuite)
    {
        var diffs = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in results.OrderBy(r => r.CaseId, StringComparer.Ordinal))
        {
            seen.Add(r.CaseId);
            if (!expected.TryGetValue(r.CaseId, out var want))
                diffs.Add($"{r.CaseId}: not in the expected-results file, got {r.Verdict.ToWire()}");
            else if (want != r.Verdict)
                diffs.Add($"{r.CaseId}: expected {want.ToWire()}, got {r.Verdict.ToWire()}");
        }
        if (wholeSuite)
        {
            foreach (var id in expected.Keys.Where(k => !seen.Contains(k)).OrderBy(k => k, StringComparer.Ordinal))
                diffs.Add($"{id}: expected {expected[id].ToWire()}, but the suite has no such case");
        }
        return diffs;
    }
}
