using System.Text;
using Sockspec.Model;

namespace Sockspec.ClientSpec.Clients;

/// <summary>The Markdown form of a client matrix: counts per client, then every failing and non-strict case with its evidence.</summary>
public static class MatrixSummary
{
    private static readonly Verdict[] Columns = [Verdict.Pass, Verdict.Fail, Verdict.NonStrict, Verdict.Informational, Verdict.Skipped, Verdict.Error];

    public static string Markdown(IReadOnlyList<(MatrixEntry Entry, TargetReport Report)> reports)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| client | " + string.Join(" | ", Columns.Select(c => c.ToWire())) + " |");
        sb.AppendLine("|---|" + string.Concat(Columns.Select(_ => "---:|")));
        foreach (var (e, r) in reports)
            sb.AppendLine($"| `{e.Name}` | " + string.Join(" | ", Columns.Select(c => r.Results.Count(x => x.Verdict == c))) + " |");
        foreach (var (e, r) in reports)
        {
            var notable = r.Results.Where(x => x.Verdict is Verdict.Fail or Verdict.NonStrict or Verdict.Error)
                .OrderBy(x => x.Verdict).ThenBy(x => x.CaseId, StringComparer.Ordinal).ToList();
            if (notable.Count == 0) continue;
            sb.AppendLine().AppendLine($"### `{e.Name}` ({e.Description})").AppendLine();
            foreach (var x in notable)
                sb.AppendLine($"- **{x.Verdict.ToWire()}** `{x.CaseId}` [{string.Join(", ", x.Requirements)}]: {Clip(x.Actual)}");
        }
        return sb.ToString();
    }

    private static string Clip(string s)
    {
        s = s.Replace("|", "\\|").ReplaceLineEndings(" ");
        return s.Length <= 400 ? s : s[..400] + "...";
    }
}
