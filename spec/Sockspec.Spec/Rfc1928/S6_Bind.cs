using System.Net;
using Sockspec.Runner.Wire;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §6, BIND: two replies, the peer's address in the second, then a relay.</summary>
internal static class S6_Bind
{
    private const string Section = "RFC 1928 §6";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/6/bind-first-reply", Section, "BIND's first reply is a well-formed success naming a listening port")
            // The BIND reply's layout is checked here (S5-REP-01), as rfc1928/6/success-well-formed checks CONNECT's.
            .Checks(Specified, "S5-BIND-03", "S5-REP-01").Needs(Features.Bind).Sends("BIND 127.0.0.1:0")
            .Accept(Pass, new Outcome("success with a non-zero BND.PORT", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndPort != 0)))
            .Run(async (c, ct) => (await Bind(c, ct, connectPeer: false)).Observation);

        yield return Case("rfc1928/6/bind-first-reply-address", Section, "BIND's first reply names a specific address (0.0.0.0 leaves the client guessing)")
            .Checks(Should, "S5-BIND-03").Needs(Features.Bind).Sends("BIND 127.0.0.1:0")
            .Accept(Pass, new Outcome("a specific address", o => o.Is<Socks5Reply>(r => r.Rep == 0 && !S6_Replies.Unspecified(r.BndAddr))))
            .Run(async (c, ct) => (await Bind(c, ct, connectPeer: false)).Observation);

        yield return Case("rfc1928/6/bind-second-reply", Section, "a peer connecting to BND gets the client a second success reply")
            .Checks(Specified, "S5-BIND-02", "S5-BIND-04", "S5-REP-01").Needs(Features.Bind).Sends("BIND, then a connection from the fixture peer to BND")
            .Accept(Pass, new Outcome("a well-formed second success reply", o => o.Step == "second reply" && o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0)))
            .Run(async (c, ct) => (await Bind(c, ct)).Observation);

        yield return Case("rfc1928/6/bind-second-reply-peer-address", Section, "the second reply carries the connecting peer's address and port")
            .Checks(Specified, "S5-BIND-04").Needs(Features.Bind).Sends("BIND, then a connection from the fixture peer")
            .Accept(Pass, Expect.FactHolds("peer-address", "BND = the peer's address and port"))
            .Run(async (c, ct) => (await Bind(c, ct)).Observation);

        yield return Case("rfc1928/6/bind-relay-peer-to-client", Section, "after the second reply, the peer's bytes reach the client")
            .Checks(Specified, "S5-BIND-01", "S5-DATA-03").Needs(Features.Bind).Sends("BIND, peer connects and sends a token")
            .Accept(Pass, Expect.FactHolds("peer-to-client", "the token arrives intact"))
            .Run(async (c, ct) => (await Bind(c, ct, relay: true)).Observation);

        yield return Case("rfc1928/6/bind-relay-client-to-peer", Section, "after the second reply, the client's bytes reach the peer")
            .Checks(May, "S5-DATA-03", "S5-BIND-01").Needs(Features.Bind).Sends("BIND, peer connects, client sends a token")
            .Accept(Pass, Expect.FactHolds("client-to-peer", "the token arrives intact"))
            .Run(async (c, ct) => (await Bind(c, ct, relay: true)).Observation);

        yield return Case("rfc1928/6/bind-with-primary-connection", Section, "BIND while a primary CONNECT is open (the FTP pattern) works")
            .Checks(Specified, "S5-BIND-01").Needs(Features.Bind).Sends("CONNECT to echo on one connection, BIND on another, peer connects")
            .Accept(Pass, new Outcome("a second success reply", o => o.Step == "second reply" && o.Is<Socks5Reply>(r => r.Rep == 0)))
            .Run(async (c, ct) =>
            {
                var primary = await c.OpenSocks5Async(ct);
                await primary.SendAsync(c.ConnectEcho(), ct);
                var p = await primary.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!p.IsMessage || p.Message.Rep != 0) throw new CaseAbort(Error, "the primary CONNECT failed: " + p.Describe());
                return (await Bind(c, ct)).Observation;
            });

        yield return Case("rfc1928/6/bind-unexpected-peer", Section, "a peer from another address than DST: behaviour recorded")
            .Checks(Specified, "S5-BIND-01").Needs(Features.Bind).Sends("BIND for 127.0.0.2, peer connects from 127.0.0.1")
            .Accept(Informational, Outcome.Anything)
            .Run(async (c, ct) => (await Bind(c, ct, dst: IPAddress.Parse("127.0.0.2"))).Observation);
    }

    private sealed record BindRun(Observation Observation);

    private static async Task<BindRun> Bind(CaseContext c, CancellationToken ct, bool connectPeer = true, bool relay = false, IPAddress? dst = null)
    {
        var conn = await c.OpenSocks5Async(ct);
        await conn.SendAsync(new Socks5Request(Socks5Command.Bind, SocksAddress.FromIPAddress(dst ?? IPAddress.Loopback), 0), ct);
        var first = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (!first.IsMessage || first.Message.Rep != 0 || !connectPeer)
            return new BindRun(new Observation { Step = "first reply", Read = first });

        var listen = c.Dialable(first.Message.BndAddr, first.Message.BndPort);
        TracedConnection peer;
        try
        {
            peer = await c.ConnectToAsync(listen, "bind-peer", ct);
        }
        catch (CaseAbort e)
        {
            // The BND of a BIND reply must be somewhere the peer can connect to (S5-BIND-03); one it cannot reach is
            // the target's failure, not a suite error.
            return new BindRun(new Observation { Step = "peer connect to BND", Read = first, Note = e.Message, Facts = { ["bnd-reachable"] = false } });
        }
        var second = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        var facts = new Dictionary<string, bool>();
        if (second.IsMessage && second.Message.Rep == 0)
        {
            var seen = second.Message.BndAddr.ToIPAddress();
            facts["peer-address"] = seen is not null && seen.Equals(peer.LocalEndPoint.Address) && second.Message.BndPort == peer.LocalEndPoint.Port;
            if (relay)
            {
                await CaseContext.RelayBothWaysAsync(conn, peer, facts, ct);
            }
        }
        return new BindRun(new Observation { Step = "second reply", Read = second, Facts = facts, Note = $"peer {peer.LocalEndPoint} -> {listen}" });
    }

    /// <summary>
    /// RFC 1928 §6 BIND from the client's side: two replies, then the peer's data. Only clients that issue BIND take part
    /// (the in-process reference client); a client that sends CONNECT is skipped.
    /// </summary>
    internal static class Clients
    {
        private static ServerScript TwoReplies(bool oneSegment, bool ipv6 = false) => async s =>
        {
            if (!await s.Socks5UpToRequestAsync()) return;
            if (s.Request5!.Message.Cmd != 2)
            {
                await s.MarkNotApplicableAsync($"the client sent CMD X'{s.Request5.Message.Cmd:X2}', not BIND");
                return;
            }
            // IPv6: both replies carry ATYP 04 (22 bytes each), the listening socket's and the peer's address.
            var first = Scripts.Reply5(0, ipv6 ? SocksAddress.FromIPAddress(IPAddress.IPv6Loopback) : Scripts.Ipv4(127, 0, 0, 1), 40001);
            var second = Scripts.Reply5(0, ipv6 ? SocksAddress.FromIPAddress(IPAddress.Parse("2001:db8::3")) : Scripts.Ipv4(127, 0, 0, 3), 40002);
            if (oneSegment)
            {
                s.Relayed = await s.SendAsync(first.Concat(second).ToArray(), Delivery.WithResponse);
            }
            else
            {
                if (!await s.SendAsync(first)) return;
                await Task.Delay(150, s.Context.Cancel);
                s.Relayed = await s.SendAsync(second, Delivery.WithResponse);
            }
            await s.FinishAsync();
        };

        private static ServerScript Socks4TwoReplies => async s =>
        {
            if (!await s.Socks4UpToRequestAsync()) return;
            if (s.Request4!.Message.Cd != 2)
            {
                await s.MarkNotApplicableAsync($"the client sent CD {s.Request4.Message.Cd}, not BIND");
                return;
            }
            if (!await s.SendAsync(ScriptSession.Socks4Reply(0, 90, 40001, 0x7F000001))) return;
            await Task.Delay(150, s.Context.Cancel);
            s.Relayed = await s.SendAsync(ScriptSession.Socks4Reply(0, 90, 40002, 0x7F000003), Delivery.WithResponse);
            await s.FinishAsync();
        };

        public static IEnumerable<ClientCase> All =>
        [
            S5("client/s5/bind/two-replies", "§6", "After BIND the client reads both replies and then the peer's data")
                .Checks(Specified, "C5-BIND-01").Command(ClientCommand.Bind)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(TwoReplies(oneSegment: false)),

            S5("client/s5/bind/two-replies-one-segment", "§6", "Both BIND replies and the peer's data in one segment are read apart")
                .Checks(Specified, "C5-BIND-01", "C5-REP-05").Command(ClientCommand.Bind)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(TwoReplies(oneSegment: true)),

            S5("client/s5/bind/two-replies-ipv6", "§6", "After BIND the client reads two replies with IPv6 addresses (ATYP 04) and then the peer's data")
                .Checks(Specified, "C5-BIND-01", "C5-REP-03").Command(ClientCommand.Bind)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(TwoReplies(oneSegment: false, ipv6: true)),

            S4("client/s4/bind/two-replies", "After a SOCKS4 BIND the client reads the second reply and then the peer's data")
                .Checks(Specified, "C4-BIND-01").Command(ClientCommand.Bind)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Socks4TwoReplies),
        ];
    }
}
