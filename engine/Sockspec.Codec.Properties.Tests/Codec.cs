using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>The generic checks every message gets: round trip, exact length, and the same result from any split.</summary>
public static class Codec<T> where T : struct, ISocksMessage<T>, IEquatable<T>
{
    public static byte[] Encode(in T m)
    {
        var b = new byte[T.GetLength(m)];
        if (!T.TryWrite(m, b, out int n) || n != b.Length) throw new InvalidOperationException($"writer wrote {n} of {b.Length}");
        return b;
    }

    /// <summary>decode(encode(m)) == m, the whole encoding consumed, no rule broken.</summary>
    public static bool RoundTrips(T m)
    {
        var bytes = Encode(m);
        var r = T.TryRead(bytes, out var back);
        return r.IsClean && r.Consumed == bytes.Length && back.Equals(m);
    }

    /// <summary>TryWrite writes exactly GetLength octets, and refuses (writing nothing) one octet short.</summary>
    public static bool LengthIsExact(T m)
    {
        int length = T.GetLength(m);
        var big = new byte[length + 8];
        var small = new byte[Math.Max(0, length - 1)];
        return T.TryWrite(m, big, out int n) && n == length && !T.TryWrite(m, small, out int none) && none == 0;
    }

    /// <summary>
    /// Fed in pieces cut at <paramref name="cuts"/>, every proper prefix is NeedMoreData with nothing consumed and the
    /// whole gives the same message and result as one read of the whole.
    /// </summary>
    public static bool AnySplitGivesTheSameResult(byte[] bytes, int[] cuts)
    {
        var whole = T.TryRead(bytes, out var expected);
        foreach (int cut in cuts.Select(c => c % Math.Max(1, bytes.Length)).Distinct().Order())
        {
            var r = T.TryRead(bytes.AsSpan(0, cut), out _);
            if (r.Status != ReadStatus.NeedMoreData || r.Consumed != 0) return false;
        }
        var again = T.TryRead(bytes, out var m);
        return again == whole && m.Equals(expected);
    }
}

/// <summary>Helpers to make one FsCheck property out of a generator with its distribution shown.</summary>
public static class Props
{
    public static Gen<int[]> Cuts => Gen.ArrayOf(Gen.Choose(0, 600), 4);
}
