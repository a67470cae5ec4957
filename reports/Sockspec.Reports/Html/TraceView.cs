using System.Globalization;
using System.Text;
using Sockspec.Model;
using static Sockspec.Reports.Html.Markup;

namespace Sockspec.Reports.Html;

/// <summary>
/// A wire trace as a table of timestamped events; each data event is an annotated hex dump (offset in its stream, hex,
/// ASCII), its bytes tinted and titled by the field they belong to, with the dissected fields listed beneath.
/// </summary>
internal static class TraceView
{
    /// <summary>Bytes dumped per event; the trace itself is already bounded by the runner, this keeps a page light.</summary>
    private const int MaxBytesShown = 4096;

    /// <summary>
    /// Bytes dumped per page and events listed per page: a hex dump costs some 25 characters of HTML per byte, so these
    /// keep any case page at a few megabytes whatever a target sent (the runner's trace limits allow far more).
    /// </summary>
    private const int MaxPageBytesShown = 64 * 1024;

    private const int MaxEventsShown = 1000;

    private const int MaxFieldsShown = 200;

    public static string Render(IReadOnlyList<TraceEvent> trace)
    {
        if (trace.Count == 0) return "<p class=\"muted\">No wire events were recorded.</p>";
        var notes = TraceAnnotator.Annotate(trace);
        var sb = new StringBuilder();
        sb.Append("<table class=\"trace\">\n<tr><th>time</th><th>connection</th><th>dir</th><th>event</th></tr>\n");
        int dumped = 0;
        for (int i = 0; i < Math.Min(trace.Count, MaxEventsShown); i++)
        {
            var e = trace[i];
            var (arrow, cls, words) = e.Direction switch
            {
                TraceDirection.ToTarget => ("→", "to", "suite to target"),
                TraceDirection.FromTarget => ("←", "from", "target to suite"),
                _ => ("·", "local", "local"),
            };
            sb.Append("<tr><td class=\"t mono\">+").Append(e.At.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture)).Append(" ms</td>")
              .Append("<td class=\"mono\">").Append(E(e.Connection)).Append("</td>")
              .Append("<td class=\"dir ").Append(cls).Append("\" title=\"").Append(words).Append("\">").Append(arrow).Append("</td><td>");
            AppendEvent(sb, e, notes.GetValueOrDefault(i), ref dumped);
            sb.Append("</td></tr>\n");
        }
        sb.Append("</table>\n");
        if (trace.Count > MaxEventsShown)
            sb.Append("<p class=\"muted\">… ").Append(trace.Count - MaxEventsShown).Append(" more events not shown (the JSON report has them all).</p>\n");
        return sb.ToString();
    }

    private static void AppendEvent(StringBuilder sb, TraceEvent e, EventAnnotation? note, ref int dumped)
    {
        string kind = e.Kind switch
        {
            TraceEventKind.Connect => "CONNECT",
            TraceEventKind.Data => $"DATA, {e.Data.Length} byte{(e.Data.Length == 1 ? "" : "s")}",
            TraceEventKind.Fin => "FIN (orderly close)",
            TraceEventKind.Reset => "RST (connection reset)",
            TraceEventKind.Timeout => "TIMEOUT",
            _ => "NOTE",
        };
        sb.Append("<span class=\"ev-").Append(e.Kind.ToWire()).Append("\">").Append(E(kind)).Append("</span>");
        if (e.Note is { Length: > 0 }) sb.Append(" <span class=\"muted\">").Append(E(e.Note)).Append("</span>");
        if (e.Data.Length == 0) return;
        if (dumped >= MaxPageBytesShown)
        {
            sb.Append(" <span class=\"muted\">(not dumped: this page already shows ").Append(MaxPageBytesShown).Append(" bytes)</span>");
            return;
        }
        int shown = Math.Min(Math.Min(e.Data.Length, MaxBytesShown), MaxPageBytesShown - dumped);
        dumped += shown;
        AppendDump(sb, e.Data, shown, e.Kind == TraceEventKind.Data ? note : null);
    }

    private static void AppendDump(StringBuilder sb, byte[] data, int shown, EventAnnotation? note)
    {
        long baseOffset = note?.StreamOffset ?? 0;
        var owner = new int[shown];
        Array.Fill(owner, -1);
        var spans = note?.Spans ?? [];
        for (int s = 0; s < spans.Count; s++)
        {
            for (int b = spans[s].Start; b < spans[s].Start + spans[s].Length && b < shown; b++) owner[b] = s;
        }

        sb.Append("<table class=\"hex mono\">");
        for (int row = 0; row < shown; row += 16)
        {
            int end = Math.Min(row + 16, shown);
            sb.Append("<tr><td class=\"off\">").Append((baseOffset + row).ToString("x4", CultureInfo.InvariantCulture)).Append("</td><td>");
            int b = row;
            while (b < end)
            {
                int s = owner[b];
                int runEnd = b;
                while (runEnd < end && owner[runEnd] == s) runEnd++;
                var hex = string.Join(' ', data[b..runEnd].Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
                if (s >= 0 && spans[s].Colour >= 0)
                    sb.Append("<span class=\"f").Append(spans[s].Colour).Append("\" title=\"").Append(E($"{spans[s].Name} = {spans[s].Value}")).Append("\">").Append(hex).Append("</span>");
                else if (s >= 0)
                    sb.Append("<span title=\"").Append(E(spans[s].Name)).Append("\">").Append(hex).Append("</span>");
                else
                    sb.Append(hex);
                if (runEnd < end) sb.Append(' ');
                b = runEnd;
            }
            sb.Append(new string(' ', (16 - (end - row)) * 3)).Append("</td><td>");
            for (int i = row; i < end; i++)
            {
                byte c = data[i];
                sb.Append(c is >= 0x20 and < 0x7F ? E(((char)c).ToString()) : ".");
            }
            sb.Append("</td></tr>");
        }
        sb.Append("</table>");
        if (shown < data.Length)
            sb.Append("<p class=\"muted\">… ").Append(data.Length - shown).Append(" more bytes not shown.</p>");
        if (note is null) return;
        foreach (var problem in note.Problems) sb.Append("<div class=\"viol\">").Append(E(problem)).Append("</div>");
        if (spans.Count == 0) return;
        sb.Append("<table class=\"fields\"><tr><th>offset</th><th>len</th><th>field</th><th>value</th></tr>");
        foreach (var f in spans.Take(MaxFieldsShown))
        {
            sb.Append("<tr><td class=\"num mono\">").Append(baseOffset + f.Start).Append("</td><td class=\"num\">").Append(f.Length)
              .Append("</td><td class=\"mono\">").Append(E(f.Name)).Append("</td><td class=\"mono\">").Append(E(f.Value)).Append("</td></tr>");
        }
        sb.Append("</table>");
        if (spans.Count > MaxFieldsShown) sb.Append("<p class=\"muted\">… ").Append(spans.Count - MaxFieldsShown).Append(" more fields.</p>");
        if (note.Messages.Count > 0)
            sb.Append("<div class=\"muted\">").Append(E(string.Join("; ", note.Messages))).Append("</div>");
    }
}
