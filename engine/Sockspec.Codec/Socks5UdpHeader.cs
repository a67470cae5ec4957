using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        message.Rsv = 0;
        message.Frag = 0;
        message.DstPort = 0;
        SocksAddress.Clear(out message.DstAddr);
        if (input.Length < 3)
        {
            message.Rsv = input.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(input) : (ushort)0;
            return ReadResult.NeedMoreData;
        }
        message.Rsv = BinaryPrimitives.ReadUInt16BigEndian(input);
        message.Frag = input[2];
        var v = default(ViolationSet).WithIf(message.Rsv != 0, SocksViolation.UdpReservedNotZero);
        return AddressReader.TryRead(input, 3, ref message.DstAddr, out message.DstPort, ref v, out int end) switch
        {
            ReadStatus.Done => ReadResult.Done(end, v),
            ReadStatus.Invalid => ReadResult.Invalid(FramingError.UnknownAddressType, v),
            _ => ReadResult.NeedMoreData,
        };
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
