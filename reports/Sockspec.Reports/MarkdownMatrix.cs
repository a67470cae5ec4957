using System.Globalization;
using System.Text;
using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>One column of a published matrix: the target's name, what it is (version included), how it ran, and its report (null: it did not run).</summary>
public sealed record MatrixColumn(string Name, string What, string RanAs, TargetReport? Report);

/// <summary>
/// The prose around a Markdown matrix. With <see cref="Notes"/>, every FAIL is grouped under the hand-checked note that
/// explains it, and a FAIL no note covers is flagged as unchecked, so a new failure never passes for a verified one;
/// without notes (the client matrix) every failing case is listed with what the implementation did.
/// </summary>
public sealed record MarkdownMatrixText(string Title, string Intro, IReadOnlyList<MatrixNote>? Notes = null, string? Changes = null);

/// <summary>The Markdown form of a matrix (reports/MATRIX.md, reports/CLIENTS.md), from the same reports as the HTML one.</summary>
public static class MarkdownMatrix
{
    private static readonly Verdict[] Columns = Enum.GetValues<Verdict>();

    public static string Render(IReadOnlyList<MatrixColumn> columns, MarkdownMatrixText text)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(text);
        var w = new StringBuilder();
        w.Append("# ").AppendLine(text.Title).AppendLine().AppendLine(text.Intro.Trim()).AppendLine();
        w.AppendLine("| target | what | ran as | " + string.Join(" | ", Columns.Select(v => v.ToWire())) + " | run time |");
        w.AppendLine("|---|---|---|" + string.Concat(Columns.Select(_ => "---:|")) + "---:|");
        foreach (var c in columns)
        {
            var counts = c.Report is { } r ? Columns.Select(v => r.Results.Count(x => x.Verdict == v).ToString(CultureInfo.InvariantCulture)) : Columns.Select(_ => "-");
            var time = c.Report is { Results.Count: > 0 } ran ? ran.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "not run";
            w.AppendLine($"| {Cell(c.Name)} | {Cell(c.What)} | {Cell(c.RanAs)} | {string.Join(" | ", counts)} | {time} |");
        }
        w.AppendLine();
        foreach (var c in columns) Section(w, c, text.Notes);
        if (text.Changes is { } changes)
        {
            w.AppendLine("## What changed since the previous publication").AppendLine().AppendLine(changes.Trim()).AppendLine();
        }
        return w.ToString();
    }

    private static void Section(StringBuilder w, MatrixColumn c, IReadOnlyList<MatrixNote>? notes)
    {
        w.Append("## ").AppendLine(c.Name).AppendLine();
        if (c.Report is not { Results.Count: > 0 } report)
        {
            w.AppendLine("Not run: " + Clip(c.Report?.TargetLog.LastOrDefault() ?? "no report")).AppendLine();
            return;
        }
        foreach (var f in report.Findings) w.AppendLine($"- **Finding ({RunFinding.KindName(f.Kind)})**: {Clip(f.Describe())}");
        var failing = report.Results.Where(r => r.Verdict.IsFailure()).OrderBy(r => r.CaseId, StringComparer.Ordinal).ToList();
        if (failing.Count == 0) w.AppendLine("No FAIL.");
        else if (notes is null)
        {
            foreach (var r in failing) w.AppendLine($"- **{r.Verdict.ToWire()}** `{r.CaseId}` [{string.Join(", ", r.Requirements)}]: {Clip(r.Actual)}");
        }
        else
        {
            // Deviations first, then the suite's own defects, then what nobody has checked; the biggest group first.
            var groups = failing
                .GroupBy(r => notes.FirstOrDefault(n => n.Covers(c.Name, r.CaseId)) is { } n
                    ? (Kind: n.Kind, Text: n.Text)
                    : (Kind: "unchecked", Text: "not checked by hand yet: " + Clip(r.Actual, 160)))
                .OrderBy(g => g.Key.Kind switch { "deviation" => 0, "suite" => 1, _ => 2 })
                .ThenByDescending(g => g.Count());
            foreach (var g in groups)
            {
                var label = g.Key.Kind switch { "deviation" => "Deviation", "suite" => "Suite", _ => "UNCHECKED" };
                var requirements = g.SelectMany(r => r.Requirements).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                w.AppendLine($"- **{label}** ({g.Count()} case{(g.Count() == 1 ? "" : "s")}; {string.Join(", ", requirements)}): {g.Key.Text}. "
                    + "Cases: " + string.Join(", ", g.Select(r => $"`{r.CaseId}`")));
            }
        }
        var nonStrict = report.Results.Where(r => r.Verdict == Verdict.NonStrict).OrderBy(r => r.CaseId, StringComparer.Ordinal).ToList();
        if (nonStrict.Count > 0)
        {
            w.AppendLine().AppendLine("Non-strict (a SHOULD/MAY-level choice; `--strict` fails these): "
                + string.Join("; ", nonStrict.Select(r => $"`{r.CaseId}` ({r.Title})")));
        }
        w.AppendLine();
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>One line of at most <paramref name="max"/> characters: an implementation's answer can be anything.</summary>
    private static string Clip(string s, int max = 400)
    {
        s = Cell(s);
        return s.Length <= max ? s : s[..max] + "...";
    }
}
