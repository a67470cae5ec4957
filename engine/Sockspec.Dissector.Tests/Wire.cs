using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

/// <summary>Builds test input with the codec's own writers, so that no test hand-types hex.</summary>
internal static class Wire
{
    public static byte[] Of<T>(T message) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
