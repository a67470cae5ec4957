using System.Net;
using System.Net.Sockets;
using System.Text;
using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using Sockspec.Model;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>
/// RFC 1928 §7 from the client's side: after UDP ASSOCIATE the client wraps its datagram in the request header (an
/// IPv6 DST makes it 22 octets), sends it to the relay the reply names, and unwraps the relay's answer. The scripted
/// relay answers only a datagram whose header is exactly right, with the body behind a header naming the destination,
/// so a client that gets the body back got the framing right both ways. Only clients that issue UDP ASSOCIATE take
/// part (the in-process reference client); a client that sends CONNECT is skipped.
/// </summary>
internal static class S7_UdpRelay
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
        S5("client/s5/udp/relay-ipv4", "§7", "After UDP ASSOCIATE the client sends a 10-octet-header datagram to the relay and reads the answer",
            ["C5-UDP-01"], Specified, "the client gets the body back through the relay",
            Relay(IPAddress.Loopback, relayOverIpv6: false), Graders.MustFetch()) with { Command = ClientCommand.UdpAssociate, UdpDestination = "127.0.0.1" },

        S5("client/s5/udp/ipv6-destination", "§7", "A datagram to an IPv6 destination carries a 22-octet header (ATYP 04) both ways",
            ["C5-UDP-01"], Specified, "the client gets the body back through the relay",
            Relay(IPAddress.IPv6Loopback, relayOverIpv6: false), Graders.MustFetch()) with { Command = ClientCommand.UdpAssociate, UdpDestination = "::1" },

        S5("client/s5/udp/ipv6-relay", "§7", "A relay named by an IPv6 BND (ATYP 04) is reached over IPv6",
            ["C5-UDP-01", "C5-REP-03"], Specified, "the client gets the body back through the relay at [::1]",
            Relay(IPAddress.IPv6Loopback, relayOverIpv6: true), Graders.MustFetch()) with { Command = ClientCommand.UdpAssociate, UdpDestination = "::1" },
    ];
}
