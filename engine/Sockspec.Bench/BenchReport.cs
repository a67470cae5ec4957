using System.Globalization;
using System.Text;

namespace Sockspec.Bench;

/// <summary>The results as a Markdown table, with the reference proxy's ratios to the best peer and to direct.</summary>
public static class BenchReport
{
    public static string Render(IReadOnlyList<BenchResult> results, string reference = "sockspec")
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| path | download MiB/s | upload MiB/s | CONNECT handshakes/s | KiB per idle connection |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine(ci, $"| {r.Path} | {r.DownMiBps:F0} | {r.UpMiBps:F0} | {r.HandshakesPerSecond:F0} | {(double.IsNaN(r.KiBPerIdleConnection) ? "-" : r.KiBPerIdleConnection.ToString("F1", ci))} |");
        }
        var me = results.FirstOrDefault(r => r.Path == reference);
        var direct = results.FirstOrDefault(r => r.Path == "direct");
        var peers = results.Where(r => r.Path != reference && r.Path != "direct").ToList();
        if (me is null) return sb.ToString();
        sb.AppendLine();
        if (peers.Count > 0)
        {
            double bestDown = peers.Max(p => p.DownMiBps), bestUp = peers.Max(p => p.UpMiBps), bestHs = peers.Max(p => p.HandshakesPerSecond);
            double bestMem = peers.Where(p => !double.IsNaN(p.KiBPerIdleConnection)).Select(p => p.KiBPerIdleConnection).DefaultIfEmpty(double.NaN).Min();
            sb.AppendLine(ci, $"- {reference} / best peer: download {me.DownMiBps / bestDown:F2}, upload {me.UpMiBps / bestUp:F2}, handshakes {me.HandshakesPerSecond / bestHs:F2}, memory per idle connection {me.KiBPerIdleConnection / bestMem:F2} (lower is better)");
        }
        if (direct is not null)
            sb.AppendLine(ci, $"- {reference} / direct: download {me.DownMiBps / direct.DownMiBps:F2}, upload {me.UpMiBps / direct.UpMiBps:F2}, handshakes {me.HandshakesPerSecond / direct.HandshakesPerSecond:F2}");
        return sb.ToString();
    }
}
