using System.Globalization;
using System.Text;
using Sockspec.Model;
using static Sockspec.Reports.Html.Markup;

namespace Sockspec.Reports.Html;

/// <summary>index.html: per target the counts by verdict and by section, then a matrix (several targets) or a case list.</summary>
internal static class IndexPage
{
    public static string Render(IReadOnlyList<TargetReport> reports, IReadOnlyList<string> caseIds)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>sockspec conformance report</h1>\n<p class=\"muted\">")
          .Append(reports.Count).Append(reports.Count == 1 ? " target, " : " targets, ")
          .Append(caseIds.Count).Append(caseIds.Count == 1 ? " case." : " cases.").Append("</p>\n");
        for (int t = 0; t < reports.Count; t++) AppendTarget(sb, reports[t], t);
        if (reports.Count > 1) AppendMatrix(sb, reports, caseIds);
        else if (reports.Count == 1) AppendCaseList(sb, reports[0]);
        return Page("sockspec report", sb.ToString());
    }

    private static void AppendTarget(StringBuilder sb, TargetReport r, int index)
    {
        var s = ReportSummary.Of(r.Results);
        sb.Append("<section id=\"target-").Append(index).Append("\">\n<h2>Target: <span class=\"mono\">").Append(E(r.Target)).Append("</span></h2>\n")
          .Append("<dl class=\"meta\"><dt>started</dt><dd>").Append(E(r.StartedAt.ToString("u", CultureInfo.InvariantCulture)))
          .Append("</dd><dt>duration</dt><dd>").Append(r.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture))
          .Append(" s</dd><dt>cases</dt><dd>").Append(s.Total).Append("</dd></dl>\n");
        foreach (var f in r.Findings)
        {
            sb.Append("<div class=\"finding\"><strong>").Append(E(FindingTitle(f.Kind))).Append("</strong> <span class=\"muted\">at +")
              .Append(f.At.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s</span><p>").Append(E(f.Message)).Append("</p>");
            if (f.InFlight.Count > 0) sb.Append("<p>In flight: <span class=\"mono\">").Append(E(string.Join(", ", f.InFlight))).Append("</span></p>");
            if (f.Culprit is not null)
            {
                sb.Append("<p>Kills it alone: <a class=\"mono\" href=\"").Append(E(CaseFiles.FromIndex(f.Culprit))).Append("\">").Append(E(f.Culprit))
                  .Append("</a></p><pre><code>").Append(E(f.Reproducer)).Append("</code></pre>");
            }
            sb.Append("</div>\n");
        }
        sb.Append("<p class=\"counts\">");
        foreach (var (verdict, count) in s.ByVerdict)
            sb.Append("<span class=\"badge ").Append(VerdictClass(verdict)).Append("\">").Append(E(verdict.ToWire())).Append(": ").Append(count).Append("</span>");
        sb.Append("</p>\n<h3>By section</h3>\n<table class=\"sections\"><tr><th>section</th>");
        foreach (var v in Enum.GetValues<Verdict>()) sb.Append("<th>").Append(E(v.ToWire())).Append("</th>");
        sb.Append("<th>total</th></tr>\n");
        foreach (var (section, counts) in s.BySection)
        {
            sb.Append("<tr><td>").Append(E(section.Length == 0 ? "(none)" : section)).Append("</td>");
            foreach (var (verdict, count) in counts)
            {
                sb.Append("<td class=\"num").Append(count > 0 ? " " + VerdictClass(verdict) : "").Append("\">").Append(count).Append("</td>");
            }
            sb.Append("<td class=\"num\">").Append(counts.Values.Sum()).Append("</td></tr>\n");
        }
        sb.Append("</table>\n");
        if (r.TargetLog.Count > 0)
        {
            sb.Append("<details><summary>target log (").Append(r.TargetLog.Count).Append(" lines)</summary><pre>")
              .Append(E(string.Join('\n', r.TargetLog))).Append("</pre></details>\n");
        }
        sb.Append("</section>\n");
    }

    private static string FindingTitle(RunFindingKind kind) => kind switch
    {
        RunFindingKind.NoSocksServer => "No SOCKS server",
        RunFindingKind.TargetDied => "The target died during the run",
        RunFindingKind.RunDeadline => "The run's deadline passed",
        RunFindingKind.TargetHung => "The target stopped answering during the run",
        _ => kind.ToString(),
    };

    private static string FindingBadge(RunFindingKind kind) => kind switch
    {
        RunFindingKind.NoSocksServer => "no SOCKS server",
        RunFindingKind.TargetDied => "target died",
        RunFindingKind.RunDeadline => "deadline passed",
        RunFindingKind.TargetHung => "target hung",
        _ => kind.ToString(),
    };

    private static void AppendMatrix(StringBuilder sb, IReadOnlyList<TargetReport> reports, IReadOnlyList<string> caseIds)
    {
        var byTarget = reports.Select(r => ByCase(r.Results)).ToList();
        sb.Append("<h2>Matrix</h2>\n<table class=\"matrix\"><tr><th>case</th><th>title</th>");
        for (int t = 0; t < reports.Count; t++)
        {
            sb.Append("<th class=\"target\"><a href=\"#target-").Append(t).Append("\">").Append(E(reports[t].Target)).Append("</a>");
            // A dead target, or one that speaks no SOCKS, is named in its column head: its cells are not its verdicts alone.
            foreach (var kind in reports[t].Findings.Select(f => f.Kind).Distinct())
                sb.Append("<br><a class=\"finding-badge\" href=\"#target-").Append(t).Append("\">").Append(E(FindingBadge(kind))).Append("</a>");
            sb.Append("</th>");
        }
        sb.Append("</tr>\n");
        foreach (var id in caseIds)
        {
            var title = byTarget.Select(d => d.GetValueOrDefault(id)?.Title).FirstOrDefault(x => x is not null) ?? "";
            string page = E(CaseFiles.FromIndex(id));
            sb.Append("<tr><td class=\"mono\"><a href=\"").Append(page).Append("\">").Append(E(id)).Append("</a></td><td>").Append(E(title)).Append("</td>");
            for (int t = 0; t < reports.Count; t++)
            {
                if (byTarget[t].GetValueOrDefault(id) is { } r)
                {
                    sb.Append("<td class=\"cell ").Append(VerdictClass(r.Verdict)).Append("\"><a href=\"").Append(page).Append("#t").Append(t)
                      .Append("\">").Append(E(r.Verdict.ToWire())).Append("</a></td>");
                }
                else
                {
                    sb.Append("<td class=\"cell v-none\">—</td>");
                }
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    private static void AppendCaseList(StringBuilder sb, TargetReport report)
    {
        sb.Append("<h2>Cases</h2>\n<table class=\"cases\"><tr><th>case</th><th>title</th><th>section</th><th>level</th><th>verdict</th><th>ms</th></tr>\n");
        foreach (var r in report.Results)
        {
            sb.Append("<tr><td class=\"mono\"><a href=\"").Append(E(CaseFiles.FromIndex(r.CaseId))).Append("#t0\">").Append(E(r.CaseId)).Append("</a></td><td>")
              .Append(E(r.Title)).Append("</td><td>").Append(E(r.Section)).Append("</td><td>").Append(E(r.Level.ToWire()))
              .Append("</td><td class=\"").Append(VerdictClass(r.Verdict)).Append("\">").Append(E(r.Verdict.ToWire()))
              .Append("</td><td class=\"num\">").Append(r.Duration.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        sb.Append("</table>\n");
    }

    internal static Dictionary<string, CaseResult> ByCase(IReadOnlyList<CaseResult> results)
    {
        var d = new Dictionary<string, CaseResult>(StringComparer.Ordinal);
        foreach (var r in results) d.TryAdd(r.CaseId, r);
        return d;
    }
}
