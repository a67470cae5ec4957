namespace Sockspec.NetFuzz;

/// <summary>Where to cut a stream into writes: half the cases are one write, the rest two to six.</summary>
public static class Segmenter
{
    public static int[] Cuts(int length, Random rng)
    {
        if (length < 2 || rng.Next(2) == 0) return [];
        int n = Math.Min(length - 1, 1 + rng.Next(5));
        var set = new SortedSet<int>();
        while (set.Count < n) set.Add(1 + rng.Next(length - 1));
        return [.. set];
    }
}
