using System.Text;
using Sockspec.Model;

namespace Sockspec.Reports.Tests;

/// <summary>Results shaped like the runner's, including a target that answers with hostile bytes and text.</summary>
internal static class SampleReports
{
    public const string ScriptPayload = "<script>window.__pwned=1;alert(1)</script>";
    public const string ImgPayload = "</div><img src=x onerror=\"window.__pwned=2;alert(2)\">";

    private static readonly DateTimeOffset Start = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    /// <summary>An event with the peer the runner declares for such a connection ("tcp#" a proxy, "udp#" its relay, "client#" a client).</summary>
    public static TraceEvent Ev(double ms, string conn, TraceDirection dir, TraceEventKind kind, byte[]? data = null, string? note = null) =>
        new(TimeSpan.FromMilliseconds(ms), conn, dir, kind, data ?? [], note) { Peer = PeerOf(conn) };

    private static TracePeer PeerOf(string conn) =>
        conn.StartsWith("tcp#", StringComparison.Ordinal) ? TracePeer.Proxy
        : conn.StartsWith("udp#", StringComparison.Ordinal) ? TracePeer.ProxyUdpRelay
        : conn.StartsWith("client#", StringComparison.Ordinal) ? TracePeer.Client
        : TracePeer.Unknown;

    public static CaseResult Case(string id, Verdict verdict, string section = "RFC 1928 §4", string actual = "REP 00 then data",
        IReadOnlyList<TraceEvent>? trace = null, string[]? requirements = null) =>
        new(id, requirements ?? ["S5-REQ-02"], RequirementLevel.Specified, section, $"title of {id}", verdict,
            "REP 07 then close (pass) | close (pass) | anything else (fail)", actual, TimeSpan.FromMilliseconds(12.5),
            trace ?? HandshakeTrace(), $"sockspec run --target 127.0.0.1:1080 --cases '{id}'");

    /// <summary>A CONNECT to 127.0.0.1:80, split across two segments, answered with a success reply, some data and a FIN.</summary>
    public static IReadOnlyList<TraceEvent> HandshakeTrace() =>
    [
        Ev(0.1, "tcp#1", TraceDirection.Local, TraceEventKind.Connect),
        Ev(0.2, "tcp#1", TraceDirection.ToTarget, TraceEventKind.Data, Hex("05 01 00")),
        Ev(0.9, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, Hex("05 00")),
        Ev(1.0, "tcp#1", TraceDirection.ToTarget, TraceEventKind.Data, Hex("05 01 00 01 7f")),
        Ev(1.1, "tcp#1", TraceDirection.ToTarget, TraceEventKind.Data, Hex("00 00 01 00 50")),
        Ev(2.0, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, Hex("05 00 00 01 7f 00 00 01 c3 50")),
        Ev(2.5, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Fin),
        Ev(3.0, "tcp#1", TraceDirection.Local, TraceEventKind.Note, note: "target closed"),
    ];

    /// <summary>A target that sends HTML/script in its reply and data, and a reset with an XML-hostile note.</summary>
    public static IReadOnlyList<TraceEvent> HostileTrace() =>
    [
        Ev(0.1, "tcp#1", TraceDirection.ToTarget, TraceEventKind.Data, Hex("05 01 00")),
        Ev(0.5, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, [0x05, 0x00, .. Encoding.UTF8.GetBytes(ScriptPayload)]),
        Ev(0.6, "tcp#1<b>", TraceDirection.FromTarget, TraceEventKind.Reset, note: ImgPayload + "\u0000\u001b"),
        Ev(5000, "tcp#1", TraceDirection.Local, TraceEventKind.Timeout, note: "no reply in 5 s"),
    ];

    public static TargetReport Reference() => new("reference", Start, TimeSpan.FromSeconds(1.25),
    [
        Case("rfc1928/3/greeting-one-method", Verdict.Pass, "RFC 1928 §3"),
        Case("rfc1928/4/rsv-ff", Verdict.NonStrict),
        Case("rfc1928/4/cmd-ff", Verdict.Fail, actual: "REP 00 instead of 07"),
        Case("rfc1928/6/bind", Verdict.Unsupported, "RFC 1928 §6"),
        Case("rfc1928/6/close", Verdict.Error, "RFC 1928 §6", actual: "fixture failed"),
        Case("socks4/1/connect", Verdict.Skipped, "SOCKS4 §1"),
        Case("rfc1928/7/frag", Verdict.Informational, "RFC 1928 §7"),
    ], ["proxy started", "listening on 127.0.0.1:1080"]);

    public static TargetReport Hostile() => new("evil<i>proxy</i> \"&'", Start, TimeSpan.FromSeconds(2),
    [
        Case("rfc1928/3/greeting-one-method", Verdict.Fail, "RFC 1928 §3", ImgPayload + "\u0001\u0008 \ud800", HostileTrace()),
        Case("rfc1928/4/rsv-ff", Verdict.Pass),
        Case("only/on<hostile>", Verdict.Error, "RFC <1928> §4", ScriptPayload),
    ], [ScriptPayload, "\u0000bell\u0007"]);

    /// <summary>The report with each result's requirement texts looked up by <paramref name="textOf"/>, as a run does.</summary>
    public static TargetReport Texts(this TargetReport report, Func<string, string?> textOf) =>
        report with { Results = [.. report.Results.Select(r => r.WithRequirementTexts(textOf))] };
}
