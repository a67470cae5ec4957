using Sockspec.Codec;

namespace Sockspec.Fuzz;

/// <summary>Seed inputs written through the codec's own writers, so that seeds follow the codec, not hand-typed hex.</summary>
public static class Seed
{
    public static byte[] Of<T>(in T message) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        if (!T.TryWrite(message, bytes, out int written) || written != bytes.Length)
            throw new InvalidOperationException($"{T.Name}: writer refused a seed");
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
