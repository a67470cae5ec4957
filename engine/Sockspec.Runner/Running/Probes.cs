using System.Net;
using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Runner.Model;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Running;

/// <summary>
/// The cases that detect features at the start of a run. Each is an ordinary case (it appears in reports and
/// expected-results files as "probe/NAME") whose observation carries the fact "supported".
/// </summary>
public static class Probes
{
    /// <summary>Probes that need nothing but a connection.</summary>
    public static IReadOnlyList<(SocksCase Case, Features Feature)> First { get; } =
    [
        (Probe("socks5", Features.None, "S5-METHOD-01", "a SOCKS5 greeting offering the run's methods",
            async (c, ct) => Supported(await Select(c, c.StandardGreeting(), ct), o => o.Is<Socks5MethodSelection>(m => m.Ver == 5))), Features.Socks5),
        (Probe("noauth", Features.None, "S5-METHOD-03", "a SOCKS5 greeting offering only 00",
            async (c, ct) => Supported(await Select(c, new Socks5Greeting(0x00), ct), o => o.Is<Socks5MethodSelection>(m => m.Method == 0x00))), Features.NoAuth),
        (Probe("userpass", Features.None, "S5-METHOD-07", "a SOCKS5 greeting offering only 02",
            async (c, ct) => Supported(await Select(c, new Socks5Greeting(0x02), ct), o => o.Is<Socks5MethodSelection>(m => m.Method == 0x02))), Features.UserPass),
        (Probe("socks4", Features.None, "S4-REQ-01", "a SOCKS4 CONNECT to the echo fixture",
            async (c, ct) => Supported(await c.Socks4Async(c.Socks4ConnectEcho(), ct), o => o.Relayed == true)), Features.Socks4),
    ];

    /// <summary>Probes that need a feature the first ones detect.</summary>
    public static IReadOnlyList<(SocksCase Case, Features Feature)> Second { get; } =
    [
        (Probe("socks4a", Features.Socks4, "S4A-04", "a SOCKS4a CONNECT to localhost:echo",
            async (c, ct) => Supported(await c.Socks4Async(c.Socks4aConnect(Fixtures.FixtureSet.ResolvableName, c.EchoPort), ct), o => o.Relayed == true)), Features.Socks4a),
        (Probe("bind", Features.Socks5, "S5-BIND-03", "a SOCKS5 BIND for 127.0.0.1",
            async (c, ct) => Supported(await c.RequestAsync(new Socks5Request(Socks5Command.Bind, c.Ipv4Loopback, 0), ct, relay: false), o => o.Is<Socks5Reply>(r => r.Rep == 0))), Features.Bind),
        (Probe("udp", Features.Socks5, "S5-UDP-04", "a SOCKS5 UDP ASSOCIATE declaring 0.0.0.0:0",
            async (c, ct) => Supported(await c.RequestAsync(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.IPv4Any, 0), ct, relay: false), o => o.Is<Socks5Reply>(r => r.Rep == 0))), Features.Udp),
        (Probe("socks4-bind", Features.Socks4, "S4-BIND-02", "a SOCKS4 BIND for 127.0.0.1",
            async (c, ct) => Supported(await c.Socks4Async(new Socks4Request(Socks4Command.Bind, CaseContext.Ipv4(IPAddress.Loopback), c.EchoPort, c.UserId), ct, relay: false), o => o.Is<Socks4Reply>(r => r.Cd == 90))), Features.Socks4Bind),
    ];

    private static SocksCase Probe(string name, Features needs, string requirement, string sends, Func<CaseContext, CancellationToken, Task<Observation>> run) =>
        Case($"probe/{name}", "probe", $"feature probe: does the target support {name}?")
            .Checks(RequirementLevel.May, requirement)
            .NeedsOnly(needs)
            .Sends(sends)
            .Accept(Verdict.Informational, new Outcome("supported", o => o.Fact("supported")))
            .Otherwise(Verdict.Unsupported)
            .Run(run);

    private static async Task<Observation> Select(CaseContext c, Socks5Greeting g, CancellationToken ct)
    {
        var (_, sel) = await c.GreetAsync(g, ct);
        return new Observation { Step = "method selection", Read = sel };
    }

    private static Observation Supported(Observation o, Func<Observation, bool> test) =>
        new() { Step = o.Step, Read = o.Read, After = o.After, Relayed = o.Relayed, RelayDetail = o.RelayDetail, Facts = new() { ["supported"] = test(o) } };
}
