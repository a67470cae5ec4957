using System.Net;
using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>An established UDP association: its control connection, the reply, and where datagrams go.</summary>
public sealed record UdpAssociation(TracedConnection Control, ReadOutcome<Socks5Reply> Reply, IPEndPoint Relay);

/// <summary>The UDP ASSOCIATE steps cases share.</summary>
public sealed partial class CaseContext
{
    /// <summary>
    /// Handshake, then UDP ASSOCIATE declaring <paramref name="udp"/>'s own address (or <paramref name="declared"/>).
    /// A failure here is not what UDP cases test, so it aborts the case (unsupported when REP 07).
    /// </summary>
    public async Task<UdpAssociation> AssociateAsync(TracedUdp udp, CancellationToken ct, SocksAddress? declared = null, ushort? declaredPort = null)
    {
        var conn = await OpenSocks5Async(ct);
        var request = new Socks5Request(Socks5Command.UdpAssociate,
            declared ?? SocksAddress.FromIPAddress(udp.LocalEndPoint.Address), declaredPort ?? (ushort)udp.LocalEndPoint.Port);
        await conn.SendAsync(request, ct);
        var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (!reply.IsMessage) throw new CaseAbort(Verdict.Error, $"UDP ASSOCIATE before the tested step broke: {reply.Describe()}");
        if (reply.Message.Rep == (byte)Socks5Rep.CommandNotSupported) throw new CaseAbort(Verdict.Unsupported, "UDP ASSOCIATE answered REP 07");
        if (reply.Message.Rep != 0) throw new CaseAbort(Verdict.Error, $"UDP ASSOCIATE before the tested step failed: {reply.Describe()}");
        return new UdpAssociation(conn, reply, Dialable(reply.Message.BndAddr, reply.Message.BndPort));
    }

    /// <summary>A datagram for the relay: the RFC 1928 §7 header written by the codec, then <paramref name="data"/>.</summary>
    public static byte[] Datagram(in Socks5UdpHeader header, ReadOnlySpan<byte> data) => [.. Bytes(header), .. data];

    public Socks5UdpHeader ToUdpEcho(byte frag = 0) =>
        new(SocksAddress.FromIPAddress(Fixtures.UdpEcho.EndPoint.Address), (ushort)Fixtures.UdpEcho.EndPoint.Port, frag);

    /// <summary>
    /// Sends <paramref name="payload"/> through the relay to the UDP echo and reads what comes back: the header and data
    /// of the answer, or null when nothing came within the deadline.
    /// </summary>
    public async Task<(ReadOutcome<Socks5UdpHeader> Header, byte[] Data, IPEndPoint From)?> UdpRoundTripAsync(
        TracedUdp udp, IPEndPoint relay, Socks5UdpHeader header, byte[] payload, CancellationToken ct)
    {
        await udp.SendToAsync(Datagram(header, payload), relay, ct);
        var got = await udp.ReceiveAsync(Timeout, ct);
        if (got is not { } d) return null;
        var r = Socks5UdpHeader.TryRead(d.Data, out var h);
        var outcome = new ReadOutcome<Socks5UdpHeader>
        {
            Kind = r.Status == ReadStatus.Done ? ReadKind.Message : r.Status == ReadStatus.Invalid ? ReadKind.FramingError : ReadKind.Closed,
            Bytes = r.Status == ReadStatus.Done ? d.Data[..r.Consumed] : d.Data,
            Message = h,
            Violations = r.Violations,
            Error = r.Error,
            At = Trace.Elapsed,
        };
        return (outcome, r.Status == ReadStatus.Done ? d.Data[r.Consumed..] : [], d.From);
    }
}
