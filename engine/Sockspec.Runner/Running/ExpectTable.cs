using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>
/// An expected-results table (<c>*.tsv</c>): the verdicts of several targets side by side, one row per case and one
/// column per target, tab-separated, <c>#</c> comments above the header:
/// <code>
/// case	reference	microsocks	dante-noauth
/// rfc1928/4/cmd-ff	pass	pass	fail
/// </code>
/// A cell <c>-</c> means the case is not pinned for that target. A new case is one new row in one file, however many
/// targets the roster has, and a changed verdict is one changed cell. The roster's servers share one table and its
/// clients another (reports/expected/); `--update-expect` rewrites one target's column and keeps the others.
/// </summary>
public static class ExpectTable
{
    private const string None = "-";

    /// <summary>Bounds a file that is read whole: a row is one case ID and a dozen verdict names.</summary>
    private const long MaxBytes = 4 << 20;

    public static bool IsTable(string path) => path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase);

    /// <summary>One target's column; throws <see cref="FormatException"/> when the table is malformed or has no such column.</summary>
    public static Dictionary<string, Verdict> ReadColumn(string path, string target)
    {
        var table = Load(path);
        int c = table.Columns.IndexOf(target);
        if (c < 0) throw new FormatException($"{path}: no column '{target}' (the columns are: {string.Join(", ", table.Columns)})");
        var column = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        foreach (var (id, cells) in table.Rows)
        {
            if (cells[c] != None) column[id] = Parse(cells[c]);
        }
        return column;
    }

    /// <summary>The targets the table has a column for, in its order.</summary>
    public static IReadOnlyList<string> Columns(string path) => Load(path).Columns;

    /// <summary>
    /// Replaces <paramref name="target"/>'s column (adding it at the end when new) with <paramref name="results"/>;
    /// with <paramref name="wholeSuite"/> the cases the run did not have become unpinned for it, else they keep their
    /// cells. Rows pinned for no target are dropped. The other columns are kept as they were.
    /// </summary>
    public static void WriteColumn(string path, string target, IEnumerable<CaseResult> results, bool wholeSuite)
    {
        var table = File.Exists(path) ? Load(path) : new Table([], [], new SortedDictionary<string, string[]>(StringComparer.Ordinal));
        int c = table.Columns.IndexOf(target);
        if (c < 0)
        {
            table.Columns.Add(target);
            c = table.Columns.Count - 1;
            foreach (var id in table.Rows.Keys.ToList()) table.Rows[id] = [.. table.Rows[id], None];
        }
        if (wholeSuite)
        {
            foreach (var cells in table.Rows.Values) cells[c] = None;
        }
        foreach (var r in results)
        {
            if (!table.Rows.TryGetValue(r.CaseId, out var cells)) table.Rows[r.CaseId] = cells = [.. Enumerable.Repeat(None, table.Columns.Count)];
            cells[c] = r.Verdict.ToWire();
        }
        var lines = new List<string>(table.Comments) { string.Join('\t', ["case", .. table.Columns]) };
        lines.AddRange(table.Rows.Where(row => row.Value.Any(v => v != None)).Select(row => string.Join('\t', [row.Key, .. row.Value])));
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
    }

    private sealed record Table(List<string> Comments, List<string> Columns, SortedDictionary<string, string[]> Rows);

    private static Table Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FormatException($"expected-results table {path} does not exist");
        if (info.Length > MaxBytes) throw new FormatException($"expected-results table {path} is larger than {MaxBytes} bytes");
        var comments = new List<string>();
        List<string>? columns = null;
        var rows = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        int n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                if (columns is null) comments.Add(line);
                continue;
            }
            var cells = line.Split('\t');
            if (columns is null)
            {
                if (cells[0] != "case" || cells.Length < 2) throw new FormatException($"{path}:{n}: the header must be 'case' and one column per target, tab-separated");
                columns = [.. cells[1..]];
                if (columns.FirstOrDefault(x => columns.Count(y => y == x) > 1) is { } twice) throw new FormatException($"{path}:{n}: column '{twice}' appears twice");
                continue;
            }
            if (cells.Length != columns.Count + 1) throw new FormatException($"{path}:{n}: {cells.Length - 1} verdicts for {columns.Count} columns");
            foreach (var cell in cells[1..])
            {
                if (cell != None && !VerdictNames.TryParse(cell, out _)) throw new FormatException($"{path}:{n}: '{cell}' is not a verdict (nor '-')");
            }
            if (!rows.TryAdd(cells[0], cells[1..])) throw new FormatException($"{path}:{n}: {cells[0]} listed twice");
        }
        if (columns is null) throw new FormatException($"{path}: no header line ('case' and the targets)");
        return new Table(comments, columns, rows);
    }

    private static Verdict Parse(string cell) => VerdictNames.TryParse(cell, out var v) ? v : throw new FormatException($"'{cell}' is not a verdict");
}
