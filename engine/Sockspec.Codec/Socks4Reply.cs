using System.Buffers.Binary;

namespace Sockspec.Codec;

/// <summary>
/// The SOCKS4 reply, exactly 8 bytes.
/// <code>
///   +----+----+----+----+----+----+----+----+
///   | VN | CD | DSTPORT |      DSTIP        |
///   +----+----+----+----+----+----+----+----+
///      1    1      2              4
/// </code>
/// VN is 0 (the reply code version), CD 90-93. In a CONNECT reply DSTPORT and DSTIP are ignored; in a BIND reply they
/// give the listening socket (first reply) or the connecting peer (second reply).
/// </summary>
public record struct Socks4Reply : ISocksMessage<Socks4Reply>
{
    public byte Vn;
    public byte Cd;
    public ushort DstPort;
    public uint DstIp;

    public Socks4Reply(Socks4Cd cd, uint dstIp = 0, ushort dstPort = 0)
    {
        Cd = (byte)cd;
        DstIp = dstIp;
        DstPort = dstPort;
    }

    public static string Name => "SOCKS4 reply";

    public static int MaxLength => 8;

    public readonly bool Granted => Cd == (byte)Socks4Cd.RequestGranted;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks4Reply message)
    {
        message = default;
        if (input.Length < 8) return ReadResult.NeedMoreData;
        message.Vn = input[0];
        message.Cd = input[1];
        message.DstPort = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        message.DstIp = BinaryPrimitives.ReadUInt32BigEndian(input[4..]);
        var v = default(ViolationSet)
            .WithIf(message.Vn != 0, SocksViolation.Socks4ReplyVersionNotZero)
            .WithIf(message.Cd is < 90 or > 93, SocksViolation.Socks4ReplyUnassignedCode);
        return ReadResult.Done(8, v);
    }

    public static int GetLength(in Socks4Reply m) => 8;

    public static bool TryWrite(in Socks4Reply m, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 8) return false;
        destination[0] = m.Vn;
        destination[1] = m.Cd;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], m.DstPort);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], m.DstIp);
        written = 8;
        return true;
    }
}
