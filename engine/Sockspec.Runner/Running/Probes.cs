using System.Net;
using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Wire;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Running;

/// <summary>
/// The cases that detect features at the start of a run. Each is an ordinary case (it appears in reports and
/// expected-results files as "probe/NAME") with three outcomes: informational (supported), unsupported (the target
/// refused the feature the way its RFC defines: 05 FF, a SOCKS5 failure reply, SOCKS4 CD 91-93, each followed by the
/// close) and fail (any other answer: malformed, wrong version, a bare close where a reply is defined, silence). A failed
/// probe blocks the cases that need its feature, so a broken answer can never pass for "unsupported".
/// </summary>
public static class Probes
{
    /// <summary>The answer was a complete handshake message of a SOCKS version, whatever it said.</summary>
    public static bool CompletedHandshake(Observation o) =>
        o.Is<Socks5MethodSelection>(m => m.Ver == 5) || o.Is<Socks4Reply>(r => r.Vn is 0 or 4);

    /// <summary>
    /// The version probes. A message a server cannot take as its protocol (a SOCKS4 request to a SOCKS5-only server and
    /// the reverse) may be answered with that server's own refusal or a close (GRADING.md); waiting for bytes that never
    /// make it valid is non-strict. Whether the target speaks SOCKS at all is judged from both together by the runner.
    /// </summary>
    public static IReadOnlyList<(SocksCase Case, Features Feature)> First { get; } =
    [
        (Version("socks5", "a SOCKS5 greeting offering the run's methods", ["S5-METHOD-01"],
            (c, ct) => Select(c, c.StandardGreeting(), ct),
            supported: o => o.Is<Socks5MethodSelection>(m => m.Ver == 5),
            refused: o => o.BareClose || IsSocks4Refusal(o.Read!)), Features.Socks5),
        (Version("socks4", "a SOCKS4 CONNECT to the echo fixture", ["S4-REQ-01", "S4-REP-01", "S4-REP-03"],
            (c, ct) => c.Socks4Async(c.Socks4ConnectEcho(), ct),
            supported: o => o.Relayed == true,
            refused: o => o.BareClose || CleanSocks4Refusal(o) || IsSocks5Refusal(o.Read!)), Features.Socks4),
    ];

    /// <summary>Probes that need a version the first ones detect.</summary>
    public static IReadOnlyList<(SocksCase Case, Features Feature)> Second { get; } =
    [
        (Probe("noauth", Features.Socks5, "a SOCKS5 greeting offering only 00", "05 FF", ["S5-METHOD-01", "S5-METHOD-02", "S5-METHOD-03"],
            (c, ct) => Select(c, new Socks5Greeting(0x00), ct),
            supported: o => o.Is<Socks5MethodSelection>(m => m.Ver == 5 && m.Method == 0x00),
            refused: o => o.Clean && o.Is<Socks5MethodSelection>(m => m.Ver == 5 && m.Method == 0xFF)), Features.NoAuth),
        (Probe("userpass", Features.Socks5, "a SOCKS5 greeting offering only 02", "05 FF", ["S5-METHOD-01", "S5-METHOD-02", "S5-METHOD-07"],
            (c, ct) => Select(c, new Socks5Greeting(0x02), ct),
            supported: o => o.Is<Socks5MethodSelection>(m => m.Ver == 5 && m.Method == 0x02),
            refused: o => o.Clean && o.Is<Socks5MethodSelection>(m => m.Ver == 5 && m.Method == 0xFF)), Features.UserPass),
        (Probe("socks4a", Features.Socks4, "a SOCKS4a CONNECT to localhost:echo", "CD 91-93", ["S4A-04", "S4-REP-01"],
            (c, ct) => c.Socks4Async(c.Socks4aConnect(Fixtures.FixtureSet.ResolvableName, c.EchoPort), ct),
            supported: o => o.Relayed == true, refused: CleanSocks4Refusal), Features.Socks4a),
        (Probe("bind", Features.Socks5, "a SOCKS5 BIND for 127.0.0.1", "a failure REP (07, 08, ...)", ["S5-BIND-03", "S5-REP-01"],
            (c, ct) => c.RequestAsync(new Socks5Request(Socks5Command.Bind, c.Ipv4Loopback, 0), ct, relay: false),
            supported: o => o.Is<Socks5Reply>(r => r.Rep == 0), refused: CleanSocks5Refusal), Features.Bind),
        (Probe("udp", Features.Socks5, "a SOCKS5 UDP ASSOCIATE declaring 0.0.0.0:0", "a failure REP (07, 08, ...)", ["S5-UDP-04", "S5-REP-01"],
            (c, ct) => c.RequestAsync(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.IPv4Any, 0), ct, relay: false),
            supported: o => o.Is<Socks5Reply>(r => r.Rep == 0), refused: CleanSocks5Refusal), Features.Udp),
        (Probe("socks4-bind", Features.Socks4, "a SOCKS4 BIND for 127.0.0.1", "CD 91-93", ["S4-BIND-02", "S4-REP-01"],
            (c, ct) => c.Socks4Async(new Socks4Request(Socks4Command.Bind, CaseContext.Ipv4(IPAddress.Loopback), c.EchoPort, c.UserId), ct, relay: false),
            supported: o => o.Is<Socks4Reply>(r => r.Cd == 90), refused: CleanSocks4Refusal), Features.Socks4Bind),
    ];

    private static SocksCase Probe(string name, Features needs, string sends, string refusal, string[] requirements,
        Func<CaseContext, CancellationToken, Task<Observation>> run, Func<Observation, bool> supported, Func<Observation, bool> refused) =>
        Base(name, needs, sends, requirements)
            .Accept(Verdict.Informational, new Outcome("supported", supported))
            .Accept(Verdict.Unsupported, new Outcome($"refused the way the RFC defines ({refusal}), then closed", o => refused(o) && ClosedIfReplied(o)))
            .Otherwise(Verdict.Fail)
            .Run(run);

    private static SocksCase Version(string name, string sends, string[] requirements,
        Func<CaseContext, CancellationToken, Task<Observation>> run, Func<Observation, bool> supported, Func<Observation, bool> refused) =>
        Base(name, Features.None, sends, requirements)
            .Accept(Verdict.Informational, new Outcome("supported", supported))
            .Accept(Verdict.Unsupported, new Outcome("refused as another version's server may (its own refusal, or a close)", o => refused(o) && ClosedIfReplied(o)))
            .Accept(Verdict.NonStrict, new Outcome("no answer (waiting for bytes that never make the message valid)", o => o.Read is { Kind: ReadKind.Timeout, Bytes.Length: 0 }))
            .Otherwise(Verdict.Fail)
            .Run(run);

    private static CaseBuilder Base(string name, Features needs, string sends, string[] requirements) =>
        Case($"probe/{name}", "probe", $"feature probe: does the target support {name}?")
            .Checks(RequirementLevel.Specified, requirements)
            .NeedsOnly(needs)
            .Sends(sends);

    private static async Task<Observation> Select(CaseContext c, Socks5Greeting g, CancellationToken ct)
    {
        var (conn, sel) = await c.GreetAsync(g, ct);
        // 05 FF must be followed by the close (RFC 1928 §3); anything else answered is the decisive read as it is.
        var after = sel.IsMessage && sel.Message.Method == 0xFF ? await conn.WaitForCloseAsync(c.CloseWait, ct) : null;
        return new Observation { Step = "method selection", Read = sel, After = after };
    }

    /// <summary>A refusal counts once the target closed after it (a reply it then holds open is no refusal the RFC defines).</summary>
    private static bool ClosedIfReplied(Observation o) => o.BareClose || o.After is null || o.ClosedWithin(Cases.CaseContext.CloseLimit);

    private static bool CleanSocks4Refusal(Observation o) => o.Clean && o.Is<Socks4Reply>(r => r.Vn == 0 && r.Cd is 91 or 92 or 93);

    private static bool CleanSocks5Refusal(Observation o) => o.Clean && o.Is<Socks5Reply>(r => r.Ver == 5 && r.Rep is >= 1 and <= 8);

    /// <summary>A SOCKS4 server's answer to a SOCKS5 greeting: the 8-octet rejection 00 5B, read as far as it came.</summary>
    private static bool IsSocks4Refusal(ReadOutcome read) => read.Bytes is [0x00, 0x5B, ..];

    /// <summary>A SOCKS5 server's answer to a SOCKS4 request: a method selection (05 FF) or a failure reply, then the close.</summary>
    private static bool IsSocks5Refusal(ReadOutcome read) =>
        read.Kind is ReadKind.Closed or ReadKind.Reset && read.Bytes is [0x05, 0xFF] or [0x05, >= 1 and <= 8, ..];
}
