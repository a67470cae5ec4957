using System.Net;
using System.Net.Sockets;
using Sockspec.Runner.Fixtures;
using Sockspec.Runner.Wire;
using System.Text;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §7: the UDP relay (header, fragments, source filtering).</summary>
internal static class S7_UdpRelay
{
    private const string Section = "RFC 1928 §7";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/7/relay-ipv4", Section, "a datagram to an IPv4 destination is relayed and the answer comes back")
            .Checks(Specified, "S5-UDP-06", "S5-UDP-08").Needs(Features.Udp).Sends("RSV 0000 FRAG 00 ATYP 01 udp-echo token")
            .Accept(Pass, Expect.FactHolds("relayed", "the token comes back"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => S6_UdpAssociate.RoundTrip(c, udp, a, ct)));

        yield return Case("rfc1928/7/reply-header", Section, "the answer carries a well-formed header (RSV 0000, FRAG 00) naming the echo as source")
            .Checks(Must, "S5-UDP-08").Needs(Features.Udp).Sends("a datagram to the UDP echo")
            .Accept(Pass, new Outcome("a clean header naming the echo", o => o.Clean && o.Is<Socks5UdpHeader>(h => h.Frag == 0) && o.Fact("header-names-echo")))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => S6_UdpAssociate.RoundTrip(c, udp, a, ct)));

        yield return Case("rfc1928/7/reply-from-relay", Section, "the answer comes from the relay address the reply named")
            .Checks(Should, "S5-UDP-04").Needs(Features.Udp).Sends("a datagram to the UDP echo")
            .Accept(Pass, Expect.FactHolds("from-relay", "the answer's source is BND"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => S6_UdpAssociate.RoundTrip(c, udp, a, ct)));

        yield return Case("rfc1928/7/relay-domain", Section, "a datagram addressed by name (ATYP 03 localhost) is relayed")
            .Checks(Specified, "S5-UDP-06").Needs(Features.Udp).Sends("ATYP 03 localhost:udp-echo token")
            .Accept(Pass, Expect.FactHolds("relayed", "the token comes back"))
            .Accept(Informational, Expect.FactFails("relayed", "not relayed (names in datagrams unsupported)"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => S6_UdpAssociate.RoundTrip(c, udp, a, ct,
                new Socks5UdpHeader(SocksAddress.FromDomain(FixtureSet.ResolvableName), (ushort)c.Fixtures.UdpEcho.EndPoint.Port))));

        yield return Case("rfc1928/7/relay-large", Section, "an 8 KiB datagram is relayed intact")
            .Checks(Specified, "S5-UDP-06").Needs(Features.Udp).Sends("a datagram with 8 KiB of data to the UDP echo")
            .Accept(Pass, Expect.FactHolds("relayed", "the data comes back"))
            .Accept(NonStrict, Expect.FactFails("relayed", "not relayed"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => S6_UdpAssociate.RoundTrip(c, udp, a, ct, payload: CaseContext.Token(8192))));

        foreach (byte frag in new byte[] { 0x01, 0x7F })
        {
            yield return Case($"rfc1928/7/frag-{frag:x2}", Section, $"FRAG {frag:X2} (not the end of a sequence) is not relayed as a datagram")
                .Checks(Must, "S5-FRAG-04", "S5-FRAG-01").Needs(Features.Udp).Sends($"RSV 0000 FRAG {frag:X2} to the UDP echo")
                .Accept(Pass, Expect.FactFails("arrived", "the echo never sees it"))
                .Run(async (c, ct) => await Associated(c, ct, (udp, a) => Dropped(c, udp, a.Relay, c.ToUdpEcho(frag), ct)));
        }

        yield return Case("rfc1928/7/frag-81", Section, "FRAG 81 (a one-fragment sequence) is dropped by a relay without reassembly")
            .Checks(Must, "S5-FRAG-04", "S5-FRAG-01").Needs(Features.Udp).Sends("RSV 0000 FRAG 81 to the UDP echo")
            .Accept(Pass, Expect.FactFails("arrived", "the echo never sees it"))
            .Accept(NonStrict, Expect.FactHolds("arrived", "relayed (only right for a relay that reassembles)"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => Dropped(c, udp, a.Relay, c.ToUdpEcho(0x81), ct)));

        yield return Case("rfc1928/7/foreign-source-ip", Section, "a datagram from another source IP is dropped")
            .Checks(Must, "S5-UDP-09").Needs(Features.Udp).Sends("a datagram to the relay from 127.0.0.2")
            .Accept(Pass, Expect.FactFails("arrived", "the echo never sees it"))
            .Run(async (c, ct) => await Associated(c, ct, async (udp, a) =>
            {
                TracedUdp foreign;
                try
                {
                    foreign = c.Udp(IPAddress.Parse("127.0.0.2"));
                }
                catch (SocketException e)
                {
                    throw new CaseAbort(Skipped, "cannot bind 127.0.0.2 on this machine: " + e.SocketErrorCode);
                }
                return await Dropped(c, foreign, a.Relay, c.ToUdpEcho(), ct);
            }));

        yield return Case("rfc1928/7/foreign-source-port", Section, "a datagram from another port of the client's IP: behaviour recorded (the ASSOCIATE named the port)")
            .Checks(May, "S5-UDP-01", "S5-UDP-09").Needs(Features.Udp).Sends("a datagram to the relay from a second socket on 127.0.0.1")
            .Accept(Pass, Expect.FactFails("arrived", "dropped"))
            .Accept(Informational, Expect.FactHolds("arrived", "relayed (the RFC only requires filtering by IP)"))
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => Dropped(c, c.Udp(), a.Relay, c.ToUdpEcho(), ct)));

        yield return Case("rfc1928/7/no-association", Section, "a datagram to the SOCKS port with no association is not relayed")
            .Checks(Must, "S5-UDP-09").Needs(Features.Udp).Sends("a datagram with a header to the server's TCP port number over UDP")
            .Accept(Pass, Expect.FactFails("arrived", "the echo never sees it"))
            .Run(async (c, ct) => await Dropped(c, c.Udp(), c.Target, c.ToUdpEcho(), ct));

        yield return Case("rfc1928/7/unknown-atyp-dropped", Section, "a datagram with an unknown ATYP is dropped silently and the association survives")
            .Checks(Specified, "S5-UDP-07").Needs(Features.Udp).Sends("a datagram with ATYP 05, then a good one")
            .Accept(Pass, Expect.FactHolds("relayed", "the good datagram still comes back"))
            .Run(async (c, ct) => await Associated(c, ct, async (udp, a) =>
            {
                await udp.SendToAsync(CaseContext.Datagram(new Socks5UdpHeader(new SocksAddress(5, [127, 0, 0, 1]), 9), CaseContext.Token()), a.Relay, ct);
                return await S6_UdpAssociate.RoundTrip(c, udp, a, ct);
            }));

        yield return Case("rfc1928/7/rsv-nonzero", Section, "a datagram with RSV != 0000: behaviour recorded")
            .Checks(Specified, "S5-UDP-06").Needs(Features.Udp).Sends("RSV FFFF FRAG 00 to the UDP echo")
            .Accept(Informational, Outcome.Anything)
            .Run(async (c, ct) => await Associated(c, ct, (udp, a) => Dropped(c, udp, a.Relay, c.ToUdpEcho() with { Rsv = 0xFFFF }, ct)));

        foreach (var (name, header) in new (string, Func<CaseContext, Socks5UdpHeader>)[]
                 {
                     ("ipv4", c => c.ToUdpEcho()),
                     ("domain", c => new Socks5UdpHeader(SocksAddress.FromDomain(FixtureSet.ResolvableName), (ushort)c.Fixtures.UdpEcho.EndPoint.Port)),
                 })
        {
            yield return Case($"rfc1928/7/empty-payload-{name}", Section, $"a datagram with no DATA ({name}): behaviour recorded (things-go treated ATYPs differently)")
                .Checks(Specified, "S5-UDP-06").Needs(Features.Udp).Sends($"a header to the UDP echo ({name}) with no data")
                .Accept(Informational, Outcome.Anything)
                .Run(async (c, ct) => await Associated(c, ct, async (udp, a) =>
                {
                    var got = await c.UdpRoundTripAsync(udp, a.Relay, header(c), [], ct);
                    return new Observation { Step = "relayed datagram", Read = got?.Header, Facts = { ["answered"] = got is not null } };
                }));
        }
    }

    private static async Task<Observation> Associated(CaseContext c, CancellationToken ct, Func<TracedUdp, UdpAssociation, Task<Observation>> body)
    {
        var udp = c.Udp();
        var a = await c.AssociateAsync(udp, ct);
        return await body(udp, a);
    }

    /// <summary>Sends a fresh token from <paramref name="from"/>; the fact "arrived" says whether the UDP echo saw it.</summary>
    private static async Task<Observation> Dropped(CaseContext c, TracedUdp from, IPEndPoint relay, Socks5UdpHeader header, CancellationToken ct)
    {
        var token = CaseContext.Token();
        await from.SendToAsync(CaseContext.Datagram(header, token), relay, ct);
        bool arrived = await c.Fixtures.UdpEcho.SawAsync(token, c.Silence, ct);
        return new Observation { Facts = { ["arrived"] = arrived } };
    }

    /// <summary>
    /// RFC 1928 §7 from the client's side: after UDP ASSOCIATE the client wraps its datagram in the request header (an
    /// IPv6 DST makes it 22 octets), sends it to the relay the reply names, and unwraps the relay's answer. The scripted
    /// relay answers only a datagram whose header is exactly right, with the body behind a header naming the destination,
    /// so a client that gets the body back got the framing right both ways. Only clients that issue UDP ASSOCIATE take
    /// part (the in-process reference client); a client that sends CONNECT is skipped.
    /// </summary>
    internal static class Clients
    {
        /// <summary>Larger datagrams are cut to this by the receive: the client's datagram is a header and "ping".</summary>
        private const int MaxDatagram = 2048;

        /// <param name="destination">Where the client is told to send (the case's <see cref="ClientCase.UdpDestination"/>).</param>
        /// <param name="relayOverIpv6">The relay listens on [::1] and the reply's BND says so (ATYP 04).</param>
        private static ServerScript Relay(IPAddress destination, bool relayOverIpv6) => async s =>
        {
            if (!await s.Socks5UpToRequestAsync()) return;
            if (s.Request5!.Message.Cmd != 3)
            {
                await s.MarkNotApplicableAsync($"the client sent CMD X'{s.Request5.Message.Cmd:X2}', not UDP ASSOCIATE");
                return;
            }
            var relayAddress = relayOverIpv6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            using var relay = new Socket(relayAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            relay.Bind(new IPEndPoint(relayAddress, 0));
            var bnd = (IPEndPoint)relay.LocalEndPoint!;
            if (!await s.SendAsync(Scripts.Reply5(0, SocksAddress.FromIPAddress(bnd.Address), (ushort)bnd.Port))) return;

            var trace = s.Context.Trace;
            trace.Declare("udp#client", TracePeer.ClientUdp);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(s.Context.Cancel);
            wait.CancelAfter(s.Context.Remaining);
            var buffer = new byte[MaxDatagram];
            SocketReceiveFromResult got;
            try
            {
                got = await relay.ReceiveFromAsync(buffer, new IPEndPoint(relayOverIpv6 ? IPAddress.IPv6Any : IPAddress.Any, 0), wait.Token);
            }
            catch (OperationCanceledException)
            {
                s.Note($"no datagram reached the relay {bnd} before the deadline");
                await s.HoldUntilClientEndsAsync();
                return;
            }
            var datagram = buffer.AsSpan(0, got.ReceivedBytes);
            trace.Add("udp#client", TraceDirection.FromTarget, TraceEventKind.Data, datagram, $"datagram to the relay {bnd} from {got.RemoteEndPoint}");
            if (Problem(datagram, destination, s.Context.TargetPort) is { } problem)
            {
                s.Note($"the relay dropped the client's datagram: {problem}");
                await s.HoldUntilClientEndsAsync();
                return;
            }
            // The answer comes "from" the destination the client named, as a relay's answer would.
            var answer = Sockspec.Proxy.Client.SocksUdp.Wrap(SocksAddress.FromIPAddress(destination), (ushort)s.Context.TargetPort, Encoding.ASCII.GetBytes(s.Context.Target.Body));
            await relay.SendToAsync(answer, got.RemoteEndPoint, wait.Token);
            trace.Add("udp#client", TraceDirection.ToTarget, TraceEventKind.Data, answer, $"the relay's answer, from {destination} port {s.Context.TargetPort}");
            s.Relayed = true;
            await s.HoldUntilClientEndsAsync();
        };

        /// <summary>What is wrong with the client's datagram for a relay that forwards only a correct one, or null.</summary>
        private static string? Problem(ReadOnlySpan<byte> datagram, IPAddress destination, int port)
        {
            var r = Socks5UdpHeader.TryRead(datagram, out var header);
            if (r.Status != ReadStatus.Done) return $"its header does not frame ({r.Status}, {datagram.Length} octets)";
            if (!r.Violations.IsEmpty) return $"its header breaks a rule ({r.Violations})";
            if (header.Frag != 0) return $"FRAG is X'{header.Frag:X2}' for a standalone datagram";
            int want = destination.AddressFamily == AddressFamily.InterNetworkV6 ? 22 : 10;
            if (r.Consumed != want) return $"a {r.Consumed}-octet header where ATYP {(want == 22 ? "04 takes 22" : "01 takes 10")}";
            if (header.DstAddr.ToIPAddress() is not { } ip || !ip.Equals(destination) || header.DstPort != port)
                return $"DST is {header.DstAddr}:{header.DstPort}, not {destination}:{port}";
            return datagram.Length == r.Consumed ? "no DATA behind the header" : null;
        }

        public static IEnumerable<ClientCase> All =>
        [
            S5("client/s5/udp/relay-ipv4", "§7", "After UDP ASSOCIATE the client sends a 10-octet-header datagram to the relay and reads the answer")
                .Checks(Specified, "C5-UDP-01").Command(ClientCommand.UdpAssociate, "127.0.0.1")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Relay(IPAddress.Loopback, relayOverIpv6: false)),

            S5("client/s5/udp/ipv6-destination", "§7", "A datagram to an IPv6 destination carries a 22-octet header (ATYP 04) both ways")
                .Checks(Specified, "C5-UDP-01").Command(ClientCommand.UdpAssociate, "::1")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Relay(IPAddress.IPv6Loopback, relayOverIpv6: false)),

            S5("client/s5/udp/ipv6-relay", "§7", "A relay named by an IPv6 BND (ATYP 04) is reached over IPv6")
                .Checks(Specified, "C5-UDP-01", "C5-REP-03").Command(ClientCommand.UdpAssociate, "::1")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Relay(IPAddress.IPv6Loopback, relayOverIpv6: true)),
        ];
    }
}
