using System.Net;
using Sockspec.Runner.Fixtures;
using Sockspec.Runner.Wire;

namespace Sockspec.Spec.Rfc1928;

/// <summary>
/// RFC 1928 §7 over IPv6: ATYP 04 datagrams (the 22-octet header) both ways, and a client that reaches the proxy over
/// ::1. A relay can only refuse a datagram by dropping it (§7), so "unsupported" is kept for a target that refuses
/// IPv6 addresses the RFC way on its TCP side (REP 08 to a CONNECT to ::1); one that connects to ::1 and drops IPv6
/// datagrams has the blind spot these cases exist for, and fails.
/// </summary>
internal static class S7_UdpRelayIpv6
{
    private const string Section = "RFC 1928 §7";

    /// <summary>The echo received the exact data and the exact data came back.</summary>
    internal static readonly Outcome RoundTrip =
        new("the echo receives the exact data and the exact data comes back", o => o.Fact("arrived") && o.Fact("relayed"));

    /// <summary>
    /// The answer's header is clean and names the echo exactly (ATYP, every address octet, port in network order). The
    /// echo must have received the datagram: a relay that reflects the client's own datagram shows a perfect header
    /// without any host having answered.
    /// </summary>
    internal static Outcome HeaderNamesEcho(byte atyp) =>
        new($"the echo answers and its answer's header is RSV 0000 FRAG 00 ATYP {atyp:X2} naming the echo's address and port, then the exact data",
            o => o.Clean && o.Is<Socks5UdpHeader>(h => h.Frag == 0 && h.DstAddr.Atyp == atyp) && o.Fact("arrived") && o.Fact("header-names-echo") && o.Fact("relayed"));

    internal static readonly Outcome RefusesIpv6 =
        new("nothing relayed, and the target refuses ATYP 04 with REP 08 (no IPv6 addresses)", o => !o.Fact("arrived") && o.Fact("refuses-atyp-04"));

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/7/relay-ipv6", Section, "a datagram to an IPv6 destination (ATYP 04, 22-octet header) reaches it and the answer comes back")
            .Checks(Specified, "S5-UDP-06", "S5-ADDR-03").Needs(Features.Udp)
            .Sends("UDP ASSOCIATE, then RSV 0000 FRAG 00 ATYP 04 ::1 port + token to a UDP echo on ::1")
            .Accept(Pass, RoundTrip)
            .Accept(Unsupported, RefusesIpv6)
            .Run(async (c, ct) => await Ipv4Client(c, ct, (udp, a) => Exchange(c, udp, a, c.UdpEchoV6(), ct)));

        yield return Case("rfc1928/7/reply-header-ipv6", Section, "an IPv6 host's answer carries ATYP 04 with its 16-octet address and port")
            .Checks(Must, "S5-UDP-08", "S5-ADDR-03").Needs(Features.Udp)
            .Sends("UDP ASSOCIATE, then ATYP 04 ::1 port + token to a UDP echo on ::1")
            .Accept(Pass, HeaderNamesEcho(0x04))
            .Accept(Unsupported, RefusesIpv6)
            .Run(async (c, ct) => await Ipv4Client(c, ct, (udp, a) => Exchange(c, udp, a, c.UdpEchoV6(), ct)));

        yield return Case("rfc1928/7/ipv6-client-relay-ipv6", Section, "a client on ::1 (TCP and UDP over IPv6) gets ATYP 04 datagrams relayed both ways")
            .Checks(Specified, "S5-UDP-06", "S5-UDP-08", "S5-ADDR-03").Needs(Features.Udp)
            .Sends("over [::1]: UDP ASSOCIATE declaring the client's ::1 socket, then ATYP 04 ::1 port + token to a UDP echo on ::1")
            .Accept(Pass, RoundTrip.And(HeaderNamesEcho(0x04)))
            .Accept(Unsupported, RefusesIpv6)
            .Run(async (c, ct) => await Ipv6Client(c, ct, (v6, udp, a) => Exchange(v6, udp, a, c.UdpEchoV6(), ct)));

        yield return Case("rfc1928/7/ipv6-client-relay-ipv4", Section, "a client on ::1 gets ATYP 01 datagrams relayed to an IPv4 host and back")
            .Checks(Specified, "S5-UDP-06", "S5-UDP-08").Needs(Features.Udp)
            .Sends("over [::1]: UDP ASSOCIATE, then ATYP 01 127.0.0.1 port + token to the UDP echo on 127.0.0.1")
            .Accept(Pass, RoundTrip.And(HeaderNamesEcho(0x01)))
            .Run(async (c, ct) => await Ipv6Client(c, ct, (v6, udp, a) => Exchange(v6, udp, a, c.Fixtures.UdpEcho, ct)));
    }

    private static async Task<Observation> Ipv4Client(CaseContext c, CancellationToken ct, Func<TracedUdp, UdpAssociation, Task<Observation>> body)
    {
        var udp = c.Udp();
        return await body(udp, await c.AssociateAsync(udp, ct));
    }

    /// <summary>The whole association over ::1: control connection, ASSOCIATE declaring a ::1 socket, datagrams from it.</summary>
    private static async Task<Observation> Ipv6Client(CaseContext c, CancellationToken ct, Func<CaseContext, TracedUdp, UdpAssociation, Task<Observation>> body)
    {
        var v6 = await c.OverIpv6Async(ct);
        var udp = v6.UdpV6();
        return await body(v6, udp, await v6.AssociateIpv6Async(udp, ct));
    }

    /// <summary>
    /// One datagram with a fresh token through the relay to <paramref name="echo"/>, and what came back. Facts:
    /// "arrived" (the echo saw exactly the token), "relayed" (exactly the token came back after a header that framed),
    /// "header-names-echo" (the header's address equals the echo's, octet for octet, and its port), "from-relay", and,
    /// for an IPv6 echo that saw nothing, "refuses-atyp-04" (asked over the same context, so that a case on ::1 opens
    /// every traced connection from one context and the trace's connection names stay unique).
    /// </summary>
    internal static async Task<Observation> Exchange(CaseContext c, TracedUdp udp, UdpAssociation a, UdpEcho echo, CancellationToken ct)
    {
        var token = CaseContext.Token();
        var to = echo.EndPoint;
        var got = await c.UdpRoundTripAsync(udp, a.Relay, CaseContext.UdpHeaderTo(to), token, ct);
        // The round trip already waited the read deadline when nothing came back; the echo has had its chance.
        bool arrived = await echo.SawAsync(token, TimeSpan.FromMilliseconds(100), ct);
        var facts = new Dictionary<string, bool> { ["arrived"] = arrived, ["answered"] = got is not null };
        if (got is { } g)
        {
            facts["relayed"] = g.Header.IsMessage && g.Data.AsSpan().SequenceEqual(token);
            facts["from-relay"] = g.From.Equals(a.Relay);
            facts["header-names-echo"] = g.Header.IsMessage && g.Header.Message.DstPort == to.Port
                && g.Header.Message.DstAddr.Bytes.Span.SequenceEqual(to.Address.GetAddressBytes());
        }
        else
        {
            facts["relayed"] = false;
        }
        if (!arrived && to.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            facts["refuses-atyp-04"] = await c.RefusesIpv6Async(ct);
        return new Observation
        {
            Step = "relayed datagram",
            Read = got?.Header,
            Facts = facts,
            Note = $"to {to} via {a.Relay}: " + (got is null ? "no datagram came back" : $"{got.Value.Data.Length} data octet(s) back from {got.Value.From}"),
        };
    }
}
