using System.Diagnostics;

namespace Sockspec.Codec;

/// <summary>
/// A message encoded into a new array of exactly its length: the one place callers that send or keep a message get
/// its bytes. The readers and writers stay allocation-free; this is the allocation, made once, outside them. It
/// cannot fail: <c>GetLength</c> is exact and every writer writes the fields as given, however wrong.
/// </summary>
public static class SocksMessage
{
    public static byte[] ToArray<T>(in T message) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        bool wrote = T.TryWrite(message, bytes, out int written);
        Debug.Assert(wrote && written == bytes.Length, $"{T.Name}: GetLength and TryWrite disagree");
        return bytes;
    }

    /// <summary>A GSS-API message with its token (padded with zeros or cut to LEN octets).</summary>
    public static byte[] ToArray(in GssApiMessage message, ReadOnlySpan<byte> token)
    {
        var bytes = new byte[GssApiMessage.GetLength(message)];
        bool wrote = GssApiMessage.TryWrite(message, token, bytes, out int written);
        Debug.Assert(wrote && written == bytes.Length, "GSS-API: GetLength and TryWrite disagree");
        return bytes;
    }
}
