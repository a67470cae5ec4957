using System.Net;
using System.Net.Sockets;
using Sockspec.Runner.Wire;

namespace Sockspec.Spec.Rfc1928;

/// <summary>
/// RFC 1928 §6 with IPv6 addresses: UDP ASSOCIATE whose DST is ATYP 04 (a client on ::1, and a client that does not
/// know its address and sends IPv6 zeros), and BIND naming an IPv6 peer, whose replies must carry BND addresses that
/// peer and client can reach. A target refuses IPv6 the RFC way with REP 08 (or the command with REP 07): unsupported.
/// Any other failure reply is an imprecise refusal of a valid request (non-strict); a bare close or silence where §6
/// defines a reply fails.
/// </summary>
internal static class S6_Ipv6
{
    private const string Section = "RFC 1928 §6";

    private static readonly Outcome RefusedTheRfcWay = Expect.FailureThenClose(0x07, 0x08);

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/6/udp-ipv6-client-reply", Section, "UDP ASSOCIATE over ::1 declaring an IPv6 source gets a success naming a relay an IPv6 client can reach")
            .Checks(Must, "S5-UDP-04", "S5-ADDR-04").Needs(Features.Udp)
            .Sends("over [::1]: UDP ASSOCIATE ATYP 04 with the client's ::1 UDP address and port")
            .Accept(Pass, new Outcome("a well-formed success whose BND is an IPv6 address (or unspecified) with a non-zero port",
                o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndPort != 0 && ReachableOverIpv6(r.BndAddr))))
            .Accept(Unsupported, RefusedTheRfcWay)
            .Accept(NonStrict, Expect.AnyFailureThenClose)
            .Run(async (c, ct) =>
            {
                var v6 = await c.OverIpv6Async(ct);
                var udp = v6.UdpV6();
                var conn = await v6.OpenSocks5Async(ct);
                await conn.SendAsync(new Socks5Request(Socks5Command.UdpAssociate,
                    SocksAddress.FromIPAddress(udp.LocalEndPoint.Address), (ushort)udp.LocalEndPoint.Port), ct);
                return await v6.ReplyAsync(conn, ct, relay: false);
            });

        yield return Case("rfc1928/6/udp-declared-ipv6-zeros", Section, "UDP ASSOCIATE declaring IPv6 zeros (ATYP 04 ::, port 0) works for a client that does not know its address")
            .Checks(Must, "S5-UDP-04", "S5-ADDR-03").Needs(Features.Udp)
            .Sends("UDP ASSOCIATE ATYP 04 :: port 0, then an ATYP 01 datagram to the UDP echo")
            .Accept(Pass, S7_UdpRelayIpv6.RoundTrip)
            .Accept(Unsupported, RefusedTheRfcWay)
            .Accept(NonStrict, Expect.AnyFailureThenClose)
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.FromIPAddress(IPAddress.IPv6Any), 0), ct);
                var reply = await c.ReplyAsync(conn, ct, relay: false);
                if (reply.As<Socks5Reply>() is not { Rep: 0 } r) return reply;
                var a = new UdpAssociation(conn, (ReadOutcome<Socks5Reply>)reply.Read!, c.Dialable(r.BndAddr, r.BndPort));
                return await S7_UdpRelayIpv6.Exchange(c, udp, a, c.Fixtures.UdpEcho, ct);
            });

        yield return Case("rfc1928/6/bind-ipv6-first-reply", Section, "BIND naming an IPv6 peer: the first reply is a success with an IPv6 BND the peer can reach")
            .Checks(Specified, "S5-BIND-03", "S5-ADDR-04").Needs(Features.Bind).Sends("BIND ATYP 04 ::1 port 0")
            .Accept(Pass, new Outcome("a well-formed success with ATYP 04 BND (not IPv4-mapped) and a non-zero port",
                o => o.Step == "first reply" && o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndPort != 0 && IsIpv6(r.BndAddr))))
            .Accept(Unsupported, RefusedTheRfcWay)
            .Accept(NonStrict, Expect.AnyFailureThenClose)
            .Run(async (c, ct) => await Bind(c, ct, connectPeer: false));

        yield return Case("rfc1928/6/bind-ipv6-second-reply", Section, "a peer connecting from ::1 gets the client a second reply naming it: ATYP 04, its address and port")
            .Checks(Specified, "S5-BIND-04", "S5-ADDR-04").Needs(Features.Bind).Sends("BIND ATYP 04 ::1, then a connection from ::1 to BND")
            .Accept(Pass, new Outcome("a well-formed second success reply with ATYP 04 = the peer's address and port",
                o => o.Step == "second reply" && o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndAddr.Atyp == 0x04) && o.Fact("peer-address")))
            .Accept(Unsupported, RefusedTheRfcWay)
            .Run(async (c, ct) => await Bind(c, ct));

        yield return Case("rfc1928/6/bind-ipv6-relay", Section, "after the second reply of an IPv6 BIND, bytes go both ways between client and peer")
            .Checks(Specified, "S5-BIND-01", "S5-DATA-03").Needs(Features.Bind).Sends("BIND ATYP 04 ::1, peer connects from ::1, a token each way")
            .Accept(Pass, new Outcome("both tokens arrive intact", o => o.Fact("peer-to-client") && o.Fact("client-to-peer")))
            .Accept(Unsupported, RefusedTheRfcWay)
            .Run(async (c, ct) => await Bind(c, ct, relay: true));

        yield return Case("rfc1928/6/bind-ipv6-client", Section, "a client on ::1: BIND's two replies carry IPv6 addresses and the relay works")
            .Checks(Specified, "S5-BIND-02", "S5-BIND-04", "S5-ADDR-04").Needs(Features.Bind)
            .Sends("over [::1]: BIND ATYP 04 ::1, a peer connects from ::1, a token each way")
            .Accept(Pass, new Outcome("an IPv6 BND in both replies, the second naming the peer, and both tokens intact",
                o => o.Step == "second reply" && o.Clean && o.Fact("first-bnd-ipv6") && o.Fact("peer-address") && o.Fact("peer-to-client") && o.Fact("client-to-peer")))
            .Accept(Unsupported, RefusedTheRfcWay)
            .Run(async (c, ct) => await Bind(await c.OverIpv6Async(ct), ct, relay: true));
    }

    /// <summary>ATYP 04 and not an IPv4-mapped address: a host on ::1 can connect or send to it.</summary>
    private static bool IsIpv6(SocksAddress a) =>
        a.Atyp == 0x04 && a.ToIPAddress() is { IsIPv4MappedToIPv6: false };

    /// <summary>
    /// An IPv6 BND, or an unspecified one (clients then use the server's address, here ::1). An IPv4 BND leaves a client
    /// on ::1 no usable relay: its ::1 socket cannot send there, and datagrams from another socket come from an IP other
    /// than the control connection's, which §7 requires the relay to drop.
    /// </summary>
    private static bool ReachableOverIpv6(SocksAddress a) =>
        IsIpv6(a) || a.ToIPAddress() is { } ip && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    /// <summary>
    /// BIND for the peer ::1, the first reply, then (unless <paramref name="connectPeer"/> is false) a connection from
    /// ::1 to BND and the second reply; with <paramref name="relay"/> a token each way. Facts: "first-bnd-ipv6",
    /// "peer-connected", "peer-address" (second BND = the peer's address, octet for octet, and port), "peer-to-client",
    /// "client-to-peer".
    /// </summary>
    private static async Task<Observation> Bind(CaseContext c, CancellationToken ct, bool connectPeer = true, bool relay = false)
    {
        var conn = await c.OpenSocks5Async(ct);
        await conn.SendAsync(new Socks5Request(Socks5Command.Bind, SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), 0), ct);
        var first = await c.ReplyAsync(conn, ct, relay: false, step: "first reply");
        if (first.As<Socks5Reply>() is not { Rep: 0 } r1 || !connectPeer) return first;

        var facts = new Dictionary<string, bool> { ["first-bnd-ipv6"] = IsIpv6(r1.BndAddr) && r1.BndPort != 0 };
        if (!facts["first-bnd-ipv6"])
            return new Observation { Step = "first reply", Read = first.Read, Facts = facts, Note = $"BND {r1.BndAddr} is not an IPv6 address a peer on ::1 can reach" };

        var bnd = r1.BndAddr.ToIPAddress()!;
        var listen = new IPEndPoint(bnd.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bnd, r1.BndPort);
        TracedConnection peer;
        try
        {
            peer = await c.ConnectToAsync(listen, "bind-peer", ct);
        }
        catch (CaseAbort e)
        {
            // The target named this address as where it listens: not reaching it is the target's failure, not the suite's.
            facts["peer-connected"] = false;
            return new Observation { Step = "first reply", Read = first.Read, Facts = facts, Note = $"the peer could not connect to BND {listen}: {e.Message}" };
        }
        facts["peer-connected"] = true;
        var second = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (second.IsMessage && second.Message.Rep == 0)
        {
            var p = peer.LocalEndPoint;
            facts["peer-address"] = second.Message.BndPort == p.Port && second.Message.BndAddr.Bytes.Span.SequenceEqual(p.Address.GetAddressBytes());
            if (relay)
            {
                await CaseContext.RelayBothWaysAsync(conn, peer, facts, ct);
            }
        }
        return new Observation { Step = "second reply", Read = second, Facts = facts, Note = $"peer {peer.LocalEndPoint} -> {listen}" };
    }
}
