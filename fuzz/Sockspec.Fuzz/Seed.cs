using Sockspec.Codec;

namespace Sockspec.Fuzz;

/// <summary>Seed inputs written through the codec's own writers, so that seeds follow the codec, not hand-typed hex.</summary>
public static class Seed
{
    public static byte[] Of<T>(in T message) where T : struct, ISocksMessage<T>
    {
        return SocksMessage.ToArray(message);
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
