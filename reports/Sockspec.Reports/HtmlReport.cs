using System.Text;
using Sockspec.Reports.Html;
using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>
/// A static HTML report: <c>index.html</c> (summary per target, and an Autobahn-style matrix when there are several) and
/// <c>cases/&lt;id&gt;.html</c>, one page per case holding every target's result. No scripts, no external assets; every
/// string and byte that came from a target is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <param name="reports">One report per target, in the order the matrix shows them.</param>
    /// <param name="outDir">Created if missing; index.html and cases/ are (over)written.</param>
    /// <remarks>Requirement texts come from the results (<see cref="CaseResult.RequirementTexts"/>), resolved at run time.</remarks>
    public static void Write(IReadOnlyList<TargetReport> reports, string outDir)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var caseDir = Path.Combine(outDir, CaseFiles.Folder);
        Directory.CreateDirectory(caseDir);
        var utf8 = new UTF8Encoding(false);
        var caseIds = reports.SelectMany(r => r.Results).Select(r => r.CaseId).Distinct(StringComparer.Ordinal).ToList();
        File.WriteAllText(Path.Combine(outDir, "index.html"), IndexPage.Render(reports, caseIds), utf8);
        var byTarget = reports.Select(r => IndexPage.ByCase(r.Results)).ToList();
        foreach (var id in caseIds)
        {
            var entries = new List<(int, TargetReport, CaseResult)>();
            for (int t = 0; t < reports.Count; t++)
            {
                if (byTarget[t].TryGetValue(id, out var result)) entries.Add((t, reports[t], result));
            }
            File.WriteAllText(Path.Combine(caseDir, CaseFiles.FileName(id)), CasePage.Render(id, entries), utf8);
        }
    }
}
