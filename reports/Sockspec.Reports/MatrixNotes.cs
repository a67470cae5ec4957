using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>
/// One hand-checked explanation of FAILs in a published matrix: the targets and cases it covers (globs), whether it
/// is a real deviation of the implementation or a defect of the suite's grading, and what was seen on the wire.
/// </summary>
public sealed record MatrixNote(string TargetGlob, string CaseGlob, string Kind, string Text)
{
    public bool Covers(string target, string caseId) => Glob.Matches(TargetGlob, target) && Glob.Matches(CaseGlob, caseId);
}

/// <summary>
/// The notes file (reports/notes.tsv): lines of target-glob TAB case-glob TAB kind TAB explanation, kind being
/// "deviation" or "suite"; '#' starts a comment line. The first line that covers a FAIL explains it.
/// </summary>
public static class MatrixNotes
{
    /// <summary>Bounds a file that is read whole: a note is one line of prose.</summary>
    private const long MaxBytes = 1 << 20;

    public static IReadOnlyList<MatrixNote> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FormatException($"notes file {path} does not exist");
        if (info.Length > MaxBytes) throw new FormatException($"notes file {path} is larger than {MaxBytes} bytes");
        return Parse(File.ReadAllLines(path), path);
    }

    public static IReadOnlyList<MatrixNote> Parse(IEnumerable<string> lines, string source)
    {
        var notes = new List<MatrixNote>();
        int n = 0;
        foreach (var line in lines)
        {
            n++;
            if (line.Length == 0 || line.StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split('\t');
            if (parts.Length != 4) throw new FormatException($"{source}:{n}: expected 4 tab-separated columns (target-glob, case-glob, kind, text), got {parts.Length}");
            if (parts[2] is not ("deviation" or "suite")) throw new FormatException($"{source}:{n}: kind '{parts[2]}' is neither deviation nor suite");
            notes.Add(new MatrixNote(parts[0], parts[1], parts[2], parts[3]));
        }
        return notes;
    }
}
