namespace Sockspec.Codec;

/// <summary>
/// RFC 1929 §2, the server's response.
/// <code>
///   +----+--------+
///   |VER | STATUS |
///   +----+--------+
///   | 1  |   1    |
///   +----+--------+
/// </code>
/// STATUS 00 is success, anything else failure (and the server must then close). The RFC never states the response's
/// VER; every implementation sends 01, the sub-negotiation version, and a different value is reported against UP-04.
/// </summary>
public record struct UsernamePasswordResponse : ISocksMessage<UsernamePasswordResponse>
{
    public byte Ver;
    public byte Status;

    public UsernamePasswordResponse(byte status)
    {
        Ver = 1;
        Status = status;
    }

    public static string Name => "RFC 1929 username/password response";

    public static int MaxLength => 2;

    public readonly bool Succeeded => Status == 0;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out UsernamePasswordResponse message)
    {
        message = default;
        if (input.Length < 2) return ReadResult.NeedMoreData;
        message.Ver = input[0];
        message.Status = input[1];
        return ReadResult.Done(2, default(ViolationSet).WithIf(message.Ver != 1, SocksViolation.UserPassResponseVersionNotOne));
    }

    public static int GetLength(in UsernamePasswordResponse m) => 2;

    public static bool TryWrite(in UsernamePasswordResponse m, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 2) return false;
        destination[0] = m.Ver;
        destination[1] = m.Status;
        written = 2;
        return true;
    }
}
