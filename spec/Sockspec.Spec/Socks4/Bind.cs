using System.Net;
using Sockspec.Runner.Wire;

namespace Sockspec.Spec.Socks4;

/// <summary>SOCKS4 BIND: the two replies and the relay.</summary>
internal static class Bind
{
    private const string Section = "SOCKS4";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("socks4/bind/first-reply", Section, "BIND's first reply grants and names a listening port")
            // The BIND reply's layout (VN 0) is checked here, as socks4/connect/reply-vn-0 checks CONNECT's.
            .Checks(Specified, "S4-BIND-01", "S4-BIND-02", "S4-REP-02").NeedsOnly(Features.Socks4Bind).Sends("04 02 port 127.0.0.1 USERID 00")
            .Accept(Pass, new Outcome("VN 0 CD 90 with a non-zero port", o => o.Clean && o.Is<Socks4Reply>(r => r.Cd == 90 && r.DstPort != 0)))
            .Run(async (c, ct) => await Run(c, ct, connectPeer: false));

        yield return Case("socks4/bind/second-reply", Section, "a peer connecting to the bound port gets the client a second 90 reply")
            .Checks(Specified, "S4-BIND-04", "S4-BIND-05").NeedsOnly(Features.Socks4Bind).Sends("BIND, then the fixture peer connects from 127.0.0.1")
            .Accept(Pass, new Outcome("a second reply CD 90", o => o.Step == "second reply" && o.Is<Socks4Reply>(r => r.Cd == 90)))
            .Run(async (c, ct) => await Run(c, ct));

        yield return Case("socks4/bind/relay", Section, "after the second reply data flows both ways")
            .Checks(Specified, "S4-BIND-05").NeedsOnly(Features.Socks4Bind).Sends("BIND, peer connects, tokens both ways")
            .Accept(Pass, new Outcome("both tokens arrive", o => o.Fact("peer-to-client") && o.Fact("client-to-peer")))
            .Run(async (c, ct) => await Run(c, ct, relay: true));

        yield return Case("socks4/bind/dstip-0-substitution", Section, "a first reply with DSTIP 0 means the server's own address, which accepts")
            .Checks(Specified, "S4-BIND-02").NeedsOnly(Features.Socks4Bind).Sends("BIND, then connect to the reply's address (or the server's when 0)")
            .Accept(Pass, new Outcome("the peer's connection is accepted", o => o.Step == "second reply"))
            .Run(async (c, ct) => await Run(c, ct));
    }

    private static async Task<Observation> Run(CaseContext c, CancellationToken ct, bool connectPeer = true, bool relay = false)
    {
        var conn = await c.ConnectAsync(ct);
        await conn.SendAsync(new Socks4Request(Socks4Command.Bind, CaseContext.Ipv4(IPAddress.Loopback), c.EchoPort, c.UserId), ct);
        var first = await conn.ReadMessageAsync<Socks4Reply>(null, ct);
        if (!first.IsMessage || first.Message.Cd != 90 || !connectPeer) return new Observation { Step = "first reply", Read = first };
        var ip = first.Message.DstIp == 0 ? c.Target.Address : CaseContext.Ipv4(first.Message.DstIp);
        TracedConnection peer;
        try
        {
            peer = await c.ConnectToAsync(new IPEndPoint(ip, first.Message.DstPort), "bind-peer", ct);
        }
        catch (CaseAbort e)
        {
            // The first reply must name where the server listens (S4-BIND-02); an address the peer cannot reach is the
            // target's failure, not a suite error.
            return new Observation { Step = "peer connect", Read = first, Note = e.Message, Facts = { ["bnd-reachable"] = false } };
        }
        var second = await conn.ReadMessageAsync<Socks4Reply>(null, ct);
        var facts = new Dictionary<string, bool>();
        if (relay && second.IsMessage && second.Message.Cd == 90)
        {
            await CaseContext.RelayBothWaysAsync(conn, peer, facts, ct);
        }
        return new Observation { Step = "second reply", Read = second, Facts = facts };
    }
}
