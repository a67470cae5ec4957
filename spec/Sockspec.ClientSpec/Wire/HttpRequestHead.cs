using Sockspec.Codec;

namespace Sockspec.ClientSpec.Wire;

/// <summary>
/// The client's HTTP request head (up to the blank line), framed like a SOCKS message so that the scripted server reads
/// it through the same traced, deadline- and size-bounded path. Only its length is kept; the bytes are in the read's outcome.
/// </summary>
public struct HttpRequestHead : ISocksMessage<HttpRequestHead>
{
    public const int Limit = 16 * 1024;

    public int Length;

    public static string Name => "HTTP request head";

    public static int MaxLength => Limit;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out HttpRequestHead message)
    {
        message = default;
        int end = input[..Math.Min(input.Length, Limit)].IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            // A bare "\n\n" ends a head for lenient servers too; ncat users may type either.
            end = input[..Math.Min(input.Length, Limit)].IndexOf("\n\n"u8);
            if (end < 0) return ReadResult.NeedMoreData;
            message.Length = end + 2;
            return ReadResult.Done(message.Length, default);
        }
        message.Length = end + 4;
        return ReadResult.Done(message.Length, default);
    }

    public static int GetLength(in HttpRequestHead message) => 0;

    public static bool TryWrite(in HttpRequestHead message, Span<byte> destination, out int written)
    {
        written = 0;
        return true;
    }
}
