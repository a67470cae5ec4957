using System.Runtime.CompilerServices;

namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §4, the SOCKS request.
/// <code>
///   +----+-----+-------+------+----------+----------+
///   |VER | CMD |  RSV  | ATYP | DST.ADDR | DST.PORT |
///   +----+-----+-------+------+----------+----------+
///   | 1  |  1  | X'00' |  1   | Variable |    2     |
///   +----+-----+-------+------+----------+----------+
/// </code>
/// </summary>
public record struct Socks5Request : ISocksMessage<Socks5Request>
{
    public byte Ver;
    public byte Cmd;
    public byte Rsv;
    public SocksAddress DstAddr;
    public ushort DstPort;

    public Socks5Request(Socks5Command cmd, SocksAddress dstAddr, ushort dstPort)
    {
        Ver = 5;
        Cmd = (byte)cmd;
        DstAddr = dstAddr;
        DstPort = dstPort;
    }

    public static string Name => "SOCKS5 request";

    public static int MaxLength => Socks5Layout.MaxLength;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks5Request message)
    {
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        SocksAddress.Clear(out message.DstAddr);
        var result = Socks5Layout.TryRead(input, out message.Ver, out message.Cmd, out message.Rsv, ref message.DstAddr, out message.DstPort);
        if (result.Status == ReadStatus.NeedMoreData) return result;
        var v = result.Violations
            .WithIf(message.Ver != 5, SocksViolation.RequestVersionNotFive)
            .WithIf(message.Cmd is 0 or > 3, SocksViolation.RequestUnknownCommand)
            .WithIf(message.Rsv != 0, SocksViolation.RequestReservedNotZero);
        return result with { Violations = v };
    }

    public static int GetLength(in Socks5Request m) => Socks5Layout.GetLength(m.DstAddr);

    public static bool TryWrite(in Socks5Request m, Span<byte> destination, out int written) =>
        Socks5Layout.TryWrite(m.Ver, m.Cmd, m.Rsv, m.DstAddr, m.DstPort, destination, out written);
}
