using Sockspec.Codec;

namespace Sockspec.ClientSpec.Wire;

/// <summary>
/// A peek at the client's first octet (its protocol version), framed as a zero-length message so that the traced
/// connection's typed read can wait for it with a deadline without consuming it.
/// </summary>
public struct FirstOctet : ISocksMessage<FirstOctet>
{
    public byte Value;

    public static string Name => "first octet";

    public static int MaxLength => 1;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out FirstOctet message)
    {
        message = default;
        if (input.IsEmpty) return ReadResult.NeedMoreData;
        message.Value = input[0];
        return ReadResult.Done(0, default);
    }

    public static int GetLength(in FirstOctet message) => 0;

    public static bool TryWrite(in FirstOctet message, Span<byte> destination, out int written)
    {
        written = 0;
        return true;
    }
}
