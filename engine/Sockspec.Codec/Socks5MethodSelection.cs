namespace Sockspec.Codec;

/// <summary>
/// RFC 1928 §3, the server's METHOD selection message.
/// <code>
///   +----+--------+
///   |VER | METHOD |
///   +----+--------+
///   | 1  |   1    |
///   +----+--------+
/// </code>
/// Whether METHOD was offered is a rule of the dialog, not of this message; the suite checks it.
/// </summary>
public record struct Socks5MethodSelection : ISocksMessage<Socks5MethodSelection>
{
    public byte Ver;
    public byte Method;

    public Socks5MethodSelection(byte method)
    {
        Ver = 5;
        Method = method;
    }

    public static string Name => "SOCKS5 method selection";

    public static int MaxLength => 2;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out Socks5MethodSelection message)
    {
        message = default;
        if (input.Length < 2) return ReadResult.NeedMoreData;
        message.Ver = input[0];
        message.Method = input[1];
        return ReadResult.Done(2, default(ViolationSet).WithIf(message.Ver != 5, SocksViolation.MethodSelectionVersionNotFive));
    }

    public static int GetLength(in Socks5MethodSelection m) => 2;

    public static bool TryWrite(in Socks5MethodSelection m, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 2) return false;
        destination[0] = m.Ver;
        destination[1] = m.Method;
        written = 2;
        return true;
    }
}
