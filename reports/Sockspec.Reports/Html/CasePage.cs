using System.Globalization;
using System.Text;
using Sockspec.Model;
using static Sockspec.Reports.Html.Markup;

namespace Sockspec.Reports.Html;

/// <summary>cases/&lt;id&gt;.html: the requirements a case checks, then per target the verdict, expected vs actual, the
/// command that reruns it and the annotated wire trace. Each target's part has the anchor #t&lt;index&gt;.</summary>
internal static class CasePage
{
    public static string Render(string caseId, IReadOnlyList<(int Target, TargetReport Report, CaseResult Result)> entries)
    {
        var first = entries[0].Result;
        var sb = new StringBuilder();
        sb.Append("<p><a href=\"../index.html\">← summary</a></p>\n<h1 id=\"case\" class=\"mono\">").Append(E(caseId)).Append("</h1>\n")
          .Append("<p>").Append(E(first.Title)).Append("</p>\n<dl class=\"meta\"><dt>section</dt><dd>").Append(E(first.Section))
          .Append("</dd><dt>level</dt><dd>").Append(E(first.Level.ToWire())).Append("</dd><dt>requirements</dt><dd><ul class=\"reqs\">");
        foreach (var id in first.Requirements)
        {
            // Any target's result will do: they ran the same case (a result from before the texts were resolved has none).
            var text = entries.Select(e => e.Result.RequirementTexts.GetValueOrDefault(id)).FirstOrDefault(t => t is not null);
            sb.Append("<li><code>").Append(E(id)).Append("</code> ")
              .Append(text is null ? "<span class=\"muted\">(no text available)</span>" : E(text)).Append("</li>");
        }
        sb.Append("</ul></dd></dl>\n");
        foreach (var (t, report, r) in entries)
        {
            sb.Append("<section class=\"target\" id=\"t").Append(t).Append("\">\n<h2><span class=\"mono\">").Append(E(report.Target)).Append("</span> ")
              .Append(VerdictBadge(r.Verdict)).Append("</h2>\n<table class=\"result\"><tr><th>expected</th><td><pre>").Append(E(r.Expected))
              .Append("</pre></td></tr><tr><th>actual</th><td><pre class=\"actual\">").Append(E(r.Actual))
              .Append("</pre></td></tr><tr><th>duration</th><td>").Append(r.Duration.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture))
              .Append(" ms</td></tr></table>\n<h3>Rerun this case</h3>\n<pre><code>").Append(E(r.Reproducer)).Append("</code></pre>\n")
              .Append("<h3>Wire trace</h3>\n").Append(TraceView.Render(r.Trace)).Append("</section>\n");
        }
        return Page($"{caseId} — sockspec", sb.ToString());
    }
}
