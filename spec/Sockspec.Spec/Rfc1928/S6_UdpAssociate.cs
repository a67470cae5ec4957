using System.Net;

namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §6, UDP ASSOCIATE: the request, its reply, and the association's lifetime.</summary>
internal static class S6_UdpAssociate
{
    private const string Section = "RFC 1928 §6";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/6/udp-reply", Section, "UDP ASSOCIATE gets a well-formed success naming a relay port")
            // The UDP ASSOCIATE reply's layout is checked here (S5-REP-01), as success-well-formed checks CONNECT's.
            .Checks(Must, "S5-UDP-04", "S5-REP-01").Needs(Features.Udp).Sends("UDP ASSOCIATE declaring the client's UDP address")
            .Accept(Pass, new Outcome("success with a non-zero BND.PORT", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndPort != 0)))
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var a = await c.AssociateAsync(udp, ct);
                return new Observation { Step = "reply", Read = a.Reply };
            });

        yield return Case("rfc1928/6/udp-reply-bnd-specific", Section, "the relay address in BND is specific (0.0.0.0 is not where to send)")
            .Checks(Should, "S5-UDP-04").Needs(Features.Udp).Sends("UDP ASSOCIATE")
            .Accept(Pass, new Outcome("a success naming a specific BND address", o => o.Is<Socks5Reply>(r => r.Rep == 0 && !S6_Replies.Unspecified(r.BndAddr))))
            .Run(async (c, ct) => new Observation { Step = "reply", Read = (await c.AssociateAsync(c.Udp(), ct)).Reply });

        yield return Case("rfc1928/6/udp-declared-zeros", Section, "a client that does not know its address sends zeros; the association works")
            .Checks(Must, "S5-UDP-01", "S5-UDP-04").Needs(Features.Udp).Sends("UDP ASSOCIATE 0.0.0.0:0, then a datagram to the UDP echo")
            .Accept(Pass, Expect.FactHolds("relayed", "the datagram comes back"))
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var a = await c.AssociateAsync(udp, ct, SocksAddress.IPv4Any, 0);
                return await RoundTrip(c, udp, a, ct);
            });

        yield return Case("rfc1928/6/udp-declared-bogus", Section, "an ASSOCIATE declaring another source: behaviour recorded (the server MAY restrict on it)")
            .Checks(May, "S5-UDP-01").Needs(Features.Udp).Sends("UDP ASSOCIATE 127.0.0.9:9, then a datagram from the real socket")
            .Accept(Informational, Outcome.Anything)
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var a = await c.AssociateAsync(udp, ct, SocksAddress.FromIPAddress(IPAddress.Parse("127.0.0.9")), 9);
                return await RoundTrip(c, udp, a, ct);
            });

        yield return Case("rfc1928/6/udp-ends-with-tcp", Section, "once the TCP connection closes the relay stops relaying")
            .Checks(Specified, "S5-UDP-03").Needs(Features.Udp).Sends("ASSOCIATE, a datagram (relayed), close TCP, another datagram")
            .Accept(Pass, new Outcome("relayed before the close and not after", o => o.Fact("before") && !o.Fact("after")))
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var a = await c.AssociateAsync(udp, ct);
                var before = await RoundTrip(c, udp, a, ct);
                await a.Control.DisposeAsync();
                // Teardown may lag the TCP close a little; a second is generous, and "after" must then be false.
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var token = CaseContext.Token();
                await udp.SendToAsync(CaseContext.Datagram(c.ToUdpEcho(), token), a.Relay, ct);
                bool after = await c.Fixtures.UdpEcho.SawAsync(token, c.Silence, ct);
                return new Observation { Facts = { ["before"] = before.Fact("relayed"), ["after"] = after } };
            });

        yield return Case("rfc1928/6/udp-tcp-stays-open", Section, "the association's TCP connection stays open while the association is used")
            .Checks(Specified, "S5-UDP-03").Needs(Features.Udp).Sends("ASSOCIATE, a datagram, then a wait on the TCP connection")
            .Accept(Pass, new Outcome("TCP still open", o => o.After is { Closed: false }))
            .Run(async (c, ct) =>
            {
                var udp = c.Udp();
                var a = await c.AssociateAsync(udp, ct);
                await RoundTrip(c, udp, a, ct);
                return new Observation { Step = "reply", Read = a.Reply, After = await a.Control.WaitForCloseAsync(c.Silence, ct) };
            });
    }

    /// <summary>One datagram with a fresh token to the UDP echo through the relay; the fact "relayed" says whether it came back.</summary>
    internal static async Task<Observation> RoundTrip(CaseContext c, Runner.Wire.TracedUdp udp, UdpAssociation a, CancellationToken ct, Socks5UdpHeader? header = null, byte[]? payload = null)
    {
        var token = payload ?? CaseContext.Token();
        var got = await c.UdpRoundTripAsync(udp, a.Relay, header ?? c.ToUdpEcho(), token, ct);
        if (got is not { } g) return new Observation { Step = "relayed datagram", Note = "no datagram came back", Facts = { ["relayed"] = false } };
        return new Observation
        {
            Step = "relayed datagram",
            Read = g.Header,
            Facts =
            {
                ["relayed"] = g.Data.AsSpan().SequenceEqual(token),
                ["from-relay"] = g.From.Equals(a.Relay),
                ["header-names-echo"] = g.Header.IsMessage && g.Header.Message.DstPort == c.Fixtures.UdpEcho.EndPoint.Port
                    && g.Header.Message.DstAddr.ToIPAddress() is { } ip && ip.Equals(c.Fixtures.UdpEcho.EndPoint.Address),
            },
        };
    }
}
