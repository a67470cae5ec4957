using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Tests;

/// <summary>Small cases the runner's tests run instead of the real suite (which lives in spec/ and grades differently).</summary>
internal static class TestCases
{
    public static readonly Outcome Relayed = new("success and relay", o => o.Relayed == true);

    /// <summary>CONNECT to the echo fixture through the target, relay checked.</summary>
    public static SocksCase ConnectEcho(string id) =>
        Case(id, "test", "CONNECT to echo").Checks(RequirementLevel.Specified, "S5-REQ-01").Sends("CONNECT")
            .Accept(Verdict.Pass, Relayed).Run((c, ct) => c.RequestAsync(c.ConnectEcho(), ct));

    /// <summary>CONNECT to a port nothing listens on: a failure reply and the close pass.</summary>
    public static SocksCase ConnectRefused(string id) =>
        Case(id, "test", "CONNECT to a closed port").Checks(RequirementLevel.Specified, "S5-REP-03").Sends("CONNECT 127.0.0.1:1")
            .Accept(Verdict.Pass, new Outcome("failure reply, then close", o => o.Is<Socks5Reply>(r => r.Rep != 0) && o.ClosedWithin(CaseContext.CloseLimit)))
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, 1), ct));

    /// <summary>CONNECT to 127.0.0.1:<paramref name="port"/>, reply not relayed: what a scripted target may die on.</summary>
    public static SocksCase ConnectTo(string id, int port) =>
        Case(id, "test", $"CONNECT to port {port}").Checks(RequirementLevel.Specified, "S5-REQ-01").Sends($"CONNECT 127.0.0.1:{port}")
            .Accept(Verdict.Pass, new Outcome("any reply", o => o.Is<Socks5Reply>()))
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, port), ct, relay: false));

    /// <summary>CONNECT to the echo fixture after waiting <paramref name="wait"/>: a case that takes a known time.</summary>
    public static SocksCase Slow(string id, TimeSpan wait) =>
        Case(id, "test", "CONNECT to echo, late").Checks(RequirementLevel.Specified, "S5-REQ-01").Sends("CONNECT")
            .Accept(Verdict.Pass, Relayed).Run(async (c, ct) =>
            {
                await Task.Delay(wait, ct);
                return await c.RequestAsync(c.ConnectEcho(), ct);
            });

    /// <summary>A mix: relays, failure replies, and one that holds a relay open a while (so that cases overlap).</summary>
    public static List<SocksCase> Mix(int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => i % 2 == 0 ? ConnectEcho($"test/echo-{i:00}") : ConnectRefused($"test/refused-{i:00}")),
    ];
}
