namespace Sockspec.NetFuzz;

/// <summary>
/// Case number N of a campaign with seed S, always the same: a handshake, maybe a field mutation, maybe byte mutations,
/// a segmenting and (on a few cases) a delay between segments. Inputs that could leave loopback are redrawn.
/// </summary>
public sealed class CaseFactory(HandshakeGenerator generator, int seed)
{
    private const int Redraws = 8;

    public FuzzCase Create(long index)
    {
        var rng = new Random(Mix(seed, index));
        for (int attempt = 0; attempt < Redraws; attempt++)
        {
            var messages = generator.Build(rng);
            var label = new List<string> { string.Join("+", messages.Select(m => m.Part)) };
            if (rng.Next(10) < 6)
            {
                FieldMutator.Mutate(messages, rng);
                label.Add("field");
            }
            var bytes = messages.SelectMany(m => m.Bytes).ToArray();
            if (rng.Next(10) < 4)
            {
                bytes = ByteMutator.Mutate(bytes, rng);
                label.Add("bytes");
            }
            if (!SafeDestinations.IsSafe(bytes)) continue;
            var cuts = Segmenter.Cuts(bytes.Length, rng);
            int delay = cuts.Length > 0 && rng.Next(20) == 0 ? 1 + rng.Next(10) : 0;
            return new FuzzCase(bytes, cuts, delay, $"#{index} {string.Join(" ", label)}");
        }
        // Every redraw was unsafe: send a plain handshake, checked like the others.
        for (int attempt = 0; attempt < Redraws; attempt++)
        {
            var plain = generator.Build(rng).SelectMany(m => m.Bytes).ToArray();
            if (SafeDestinations.IsSafe(plain)) return new FuzzCase(plain, [], 0, $"#{index} plain");
        }
        return new FuzzCase([5, 1, 0], [], 0, $"#{index} greeting only");
    }

    // Not HashCode.Combine: that is randomised per process, and a seed must name the same cases in every run.
    private static int Mix(int seed, long index) =>
        (int)((((ulong)(uint)seed << 32) ^ (ulong)index) * 0x9E3779B97F4A7C15UL >> 33);
}
