using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>
/// Other ways the same bytes could have crossed the wire: each direction's stream cut at other points (byte by byte,
/// joined, random cuts and joins), and the two directions delivered in other orders (all of one side first). The dialog
/// decoder must make the same of every one.
/// </summary>
public static class Resegment
{
    public static IEnumerable<List<Segment>> All(IReadOnlyList<Segment> segments, int seeds)
    {
        yield return ByteByByte(segments);
        yield return Joined(segments);
        yield return OneSideFirst(segments, Direction.ClientToServer);
        yield return OneSideFirst(segments, Direction.ServerToClient);
        for (int seed = 1; seed <= seeds; seed++) yield return Random(segments, new Random(seed));
    }

    /// <summary>Every byte its own segment.</summary>
    public static List<Segment> ByteByByte(IReadOnlyList<Segment> segments) =>
        segments.SelectMany(s => s.IsEnd ? [s] : s.Bytes.Select(b => new Segment(s.Direction, [b]))).ToList();

    /// <summary>Everything one side sent, then everything the other sent.</summary>
    public static List<Segment> OneSideFirst(IReadOnlyList<Segment> segments, Direction first) =>
        [.. segments.Where(s => s.Direction == first), .. segments.Where(s => s.Direction != first)];

    /// <summary>Neighbouring segments of one direction joined into one.</summary>
    public static List<Segment> Joined(IReadOnlyList<Segment> segments)
    {
        var result = new List<Segment>();
        foreach (var s in segments)
        {
            if (result.Count > 0 && result[^1] is { IsEnd: false } last && last.Direction == s.Direction && !s.IsEnd)
                result[^1] = new Segment(s.Direction, [.. last.Bytes, .. s.Bytes]);
            else result.Add(s);
        }
        return result;
    }

    /// <summary>Each segment cut at random points, then random neighbours of one direction joined.</summary>
    public static List<Segment> Random(IReadOnlyList<Segment> segments, Random rng)
    {
        var cut = new List<Segment>();
        foreach (var s in segments)
        {
            if (s.IsEnd || s.Bytes.Length < 2)
            {
                cut.Add(s);
                continue;
            }
            int pos = 0;
            while (pos < s.Bytes.Length)
            {
                int n = rng.Next(1, s.Bytes.Length - pos + 1);
                cut.Add(new Segment(s.Direction, s.Bytes[pos..(pos + n)]));
                pos += n;
            }
        }
        var result = new List<Segment>();
        foreach (var s in cut)
        {
            if (result.Count > 0 && result[^1] is { IsEnd: false } last && last.Direction == s.Direction && !s.IsEnd && rng.Next(2) == 0)
                result[^1] = new Segment(s.Direction, [.. last.Bytes, .. s.Bytes]);
            else result.Add(s);
        }
        return result;
    }
}
