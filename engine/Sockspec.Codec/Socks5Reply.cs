using System.Runtime.CompilerServices;

namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §6, the server's reply.
/// <code>
///   +----+-----+-------+------+----------+----------+
///   |VER | REP |  RSV  | ATYP | BND.ADDR | BND.PORT |
///   +----+-----+-------+------+----------+----------+
///   | 1  |  1  | X'00' |  1   | Variable |    2     |
///   +----+-----+-------+------+----------+----------+
/// </code>
/// A failure reply has the same full layout (with a valid ATYP) as a success; a short one is a framing matter.
/// </summary>
public record struct Socks5Reply : ISocksMessage<Socks5Reply>
{
    public byte Ver;
    public byte Rep;
    public byte Rsv;
    public SocksAddress BndAddr;
    public ushort BndPort;

    public Socks5Reply(Socks5Rep rep, SocksAddress bndAddr, ushort bndPort)
    {
        Ver = 5;
        Rep = (byte)rep;
        BndAddr = bndAddr;
        BndPort = bndPort;
    }

    public static string Name => "SOCKS5 reply";

    public static int MaxLength => Socks5Layout.MaxLength;

    public readonly bool Succeeded => Rep == (byte)Socks5Rep.Succeeded;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks5Reply message)
    {
        // Not `message = default`: that zeroes every inline 255-octet buffer on every read. Each field is set here
        // instead (buffers to length 0), so even a NeedMoreData return leaves no stale value behind.
        Unsafe.SkipInit(out message);
        SocksAddress.Clear(out message.BndAddr);
        var result = Socks5Layout.TryRead(input, out message.Ver, out message.Rep, out message.Rsv, ref message.BndAddr, out message.BndPort);
        if (result.Status == ReadStatus.NeedMoreData) return result;
        var v = result.Violations
            .WithIf(message.Ver != 5, SocksViolation.ReplyVersionNotFive)
            .WithIf(message.Rep > 8, SocksViolation.ReplyUnassignedCode)
            .WithIf(message.Rsv != 0, SocksViolation.ReplyReservedNotZero);
        return result with { Violations = v };
    }

    public static int GetLength(in Socks5Reply m) => Socks5Layout.GetLength(m.BndAddr);

    public static bool TryWrite(in Socks5Reply m, Span<byte> destination, out int written) =>
        Socks5Layout.TryWrite(m.Ver, m.Rep, m.Rsv, m.BndAddr, m.BndPort, destination, out written);
}
