using System.Net;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Running;

/// <summary>
/// Decides from the two version probes whether the target speaks SOCKS at all, and when it does not, says in one line
/// what it does instead ("no SOCKS server at 127.0.0.1:1080: it closed every connection at once"): hundreds of cases each
/// repeating "unsupported" or "blocked" would hide the one fact that matters.
/// </summary>
internal static class NoSocksServer
{
    private enum Seen { Refused, Closed, Silent, Garbage, Other }

    /// <summary>Null when either probe completed a handshake (or was not run: a profile fixed it); else the message.</summary>
    public static string? Check(IPEndPoint target, TimeSpan timeout, IReadOnlyList<(string Asked, CaseResult Result, Observation? Seen)> probes)
    {
        if (probes.Count == 0 || probes.Any(p => p.Seen is null && p.Result.Verdict != Verdict.Error || p.Seen is not null && Probes.CompletedHandshake(p.Seen)))
            return null;
        var seen = probes.Select(p => (p.Asked, Kind: Classify(p.Result, p.Seen), p.Result, p.Seen)).ToList();
        string what;
        if (seen.All(s => s.Kind == Seen.Refused)) what = "it refused connections";
        else if (seen.All(s => s.Kind == Seen.Closed)) what = "it closed every connection at once";
        else if (seen.All(s => s.Kind == Seen.Silent)) what = $"it accepted connections but never answered (nothing within {timeout.TotalSeconds:0.#} s)";
        else if (seen.FirstOrDefault(s => s.Kind == Seen.Garbage) is { Result: not null } g)
            what = $"it accepted and sent {Received(g.Result)} that are not a SOCKS reply (to {g.Asked}: {Start(g.Seen!)})";
        else what = string.Join("; ", seen.Select(s => $"to {s.Asked} it {Words(s.Kind, s.Result)}"));
        return $"no SOCKS server at {target}: {what}";
    }

    private static Seen Classify(CaseResult result, Observation? o) => o?.Read switch
    {
        null => result.Verdict == Verdict.Error && result.Actual.Contains("ConnectionRefused", StringComparison.Ordinal) ? Seen.Refused : Seen.Other,
        { Bytes.Length: > 0 } => Seen.Garbage,
        { Kind: ReadKind.Closed or ReadKind.Reset } => Seen.Closed,
        { Kind: ReadKind.Timeout } => Seen.Silent,
        _ => Seen.Other,
    };

    private static string Words(Seen kind, CaseResult r) => kind switch
    {
        Seen.Refused => "refused the connection",
        Seen.Closed => "closed at once",
        Seen.Silent => "never answered",
        Seen.Garbage => $"sent {Received(r)} that are not a SOCKS reply",
        _ => $"gave no SOCKS answer ({r.Actual})",
    };

    /// <summary>How much the target sent on the probe's connections, from the trace (whose elided notes count too).</summary>
    private static string Received(CaseResult r)
    {
        long bytes = r.Trace.Where(e => e.Direction == TraceDirection.FromTarget && e.Kind == TraceEventKind.Data).Sum(e => (long)e.Data.Length);
        bytes += r.Trace.Where(e => e.Direction == TraceDirection.FromTarget && e.Kind == TraceEventKind.Note).Sum(e => StreamTap.Elided(e.Note));
        return bytes >= 10 * 1024 ? $"{bytes / 1024} KiB of bytes" : $"{bytes} byte(s)";
    }

    private static string Start(Observation o)
    {
        var b = o.Read!.Bytes;
        return Convert.ToHexString(b.AsSpan(0, Math.Min(b.Length, 16))) + (b.Length > 16 ? "..." : "");
    }
}
