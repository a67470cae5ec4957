namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// Cuts a byte stream into segments from a one-byte seed, so that the fuzzer mutates the split along with the bytes:
/// seed 0 sends everything at once, any other seed gives segments of 1 to 16 bytes from a small LCG.
/// </summary>
public static class Segments
{
    public static IEnumerable<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> stream, byte seed)
    {
        if (seed == 0 || stream.Length == 0)
        {
            yield return stream;
            yield break;
        }
        uint state = seed;
        int at = 0;
        while (at < stream.Length)
        {
            state = state * 1103515245 + 12345;
            int n = Math.Min(1 + (int)((state >> 16) % 16), stream.Length - at);
            yield return stream.Slice(at, n);
            at += n;
        }
    }
}
