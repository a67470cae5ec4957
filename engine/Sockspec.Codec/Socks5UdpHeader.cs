namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §7, the header of every datagram to and from the UDP relay.
/// <code>
///   +----+------+------+----------+----------+----------+
///   |RSV | FRAG | ATYP | DST.ADDR | DST.PORT |   DATA   |
///   +----+------+------+----------+----------+----------+
///   | 2  |  1   |  1   | Variable |    2     | Variable |
///   +----+------+------+----------+----------+----------+
/// </code>
/// DATA is not copied: <see cref="ReadResult.Consumed"/> is the header's length and DATA is the rest of the datagram.
/// FRAG != 0 is legal on the wire; an implementation without fragmentation drops it (S5-FRAG-04), a dialog rule.
/// </summary>
public record struct Socks5UdpHeader : ISocksMessage<Socks5UdpHeader>
{
    public ushort Rsv;
    public byte Frag;
    public SocksAddress DstAddr;
    public ushort DstPort;

    public Socks5UdpHeader(SocksAddress dstAddr, ushort dstPort, byte frag = 0)
    {
        Frag = frag;
        DstAddr = dstAddr;
        DstPort = dstPort;
    }

    public static string Name => "SOCKS5 UDP request header";

    // RSV(2) + FRAG + ATYP + length octet + 255 + PORT; DATA excluded.
    public static int MaxLength => 3 + 1 + 1 + 255 + 2;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks5UdpHeader message)
    {
        message = default;
        var r = new WireReader(input);
        var v = default(ViolationSet);
        if (!r.TryUInt16(out message.Rsv) || !r.TryByte(out message.Frag)) return ReadResult.NeedMoreData;
        switch (AddressReader.TryRead(ref r, ref message.DstAddr, ref v))
        {
            case ReadStatus.NeedMoreData: return ReadResult.NeedMoreData;
            case ReadStatus.Invalid: return ReadResult.Invalid(FramingError.UnknownAddressType);
        }
        if (!r.TryUInt16(out message.DstPort)) return ReadResult.NeedMoreData;
        return ReadResult.Done(r.Position, v.WithIf(message.Rsv != 0, SocksViolation.UdpReservedNotZero));
    }

    public static int GetLength(in Socks5UdpHeader m) => 3 + m.DstAddr.WireLength + 2;

    public static bool TryWrite(in Socks5UdpHeader m, Span<byte> destination, out int written)
    {
        written = GetLength(m);
        if (destination.Length < written) { written = 0; return false; }
        var w = new WireWriter(destination);
        w.UInt16(m.Rsv);
        w.Byte(m.Frag);
        w.Address(m.DstAddr);
        w.UInt16(m.DstPort);
        return true;
    }
}
