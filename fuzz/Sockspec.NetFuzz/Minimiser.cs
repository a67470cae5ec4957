namespace Sockspec.NetFuzz;

/// <summary>
/// Delta debugging over a case while a predicate (the finding still reproduces) holds: first drop the delay and the
/// segmenting, then remove ever smaller chunks of bytes (cuts move with the bytes), then drop single cuts. Bounded in
/// attempts and time.
/// </summary>
public sealed class Minimiser(Func<FuzzCase, Task<bool>> reproduces, int maxAttempts, TimeSpan budget)
{
    public int Attempts { get; private set; }

    private DateTime _deadline;

    public async Task<FuzzCase> MinimiseAsync(FuzzCase input)
    {
        _deadline = DateTime.UtcNow + budget;
        var best = input;
        if (best.DelayMs > 0 && await TryAsync(best with { DelayMs = 0 }) is { } noDelay) best = noDelay;
        if (best.Cuts.Length > 0 && await TryAsync(best with { Cuts = [] }) is { } oneWrite) best = oneWrite;

        int n = 2;
        while (best.Bytes.Length >= 2 && !Exhausted)
        {
            int len = best.Bytes.Length;
            int chunk = (len + n - 1) / n;
            bool removed = false;
            for (int start = 0; start < len && !Exhausted; start += chunk)
            {
                var candidate = Remove(best, start, Math.Min(chunk, len - start));
                if (candidate.Bytes.Length == 0 || await TryAsync(candidate) is not { } smaller) continue;
                best = smaller;
                n = Math.Max(n - 1, 2);
                removed = true;
                break;
            }
            if (removed) continue;
            if (chunk == 1) break;
            n = Math.Min(n * 2, len);
        }
        for (int i = best.Cuts.Length - 1; i >= 0 && !Exhausted; i--)
        {
            var fewer = best with { Cuts = [.. best.Cuts.Where((_, k) => k != i)] };
            if (await TryAsync(fewer) is { } ok) best = ok;
        }
        return best with { Label = input.Label + " (minimised)" };
    }

    private bool Exhausted => Attempts >= maxAttempts || DateTime.UtcNow >= _deadline;

    private async Task<FuzzCase?> TryAsync(FuzzCase candidate)
    {
        if (Exhausted) return null;
        Attempts++;
        return await reproduces(candidate) ? candidate : null;
    }

    /// <summary>The case without bytes [start, start+count); cuts after the gap move back, cuts inside it collapse.</summary>
    internal static FuzzCase Remove(FuzzCase c, int start, int count)
    {
        var bytes = new byte[c.Bytes.Length - count];
        c.Bytes.AsSpan(0, start).CopyTo(bytes);
        c.Bytes.AsSpan(start + count).CopyTo(bytes.AsSpan(start));
        var cuts = c.Cuts.Select(x => x <= start ? x : Math.Max(start, x - count))
            .Where(x => x > 0 && x < bytes.Length).Distinct().Order().ToArray();
        return c with { Bytes = bytes, Cuts = cuts };
    }
}
