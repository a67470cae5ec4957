using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

/// <summary>Builds test input with the codec's own writers, so that no test hand-types hex.</summary>
internal static class Wire
{
    public static byte[] Of<T>(T message) where T : struct, ISocksMessage<T> => SocksMessage.ToArray(message);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
