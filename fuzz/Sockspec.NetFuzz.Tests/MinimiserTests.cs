namespace Sockspec.NetFuzz.Tests;

public class MinimiserTests
{
    [Fact]
    public async Task Shrinks_a_synthetic_finding_to_its_trigger()
    {
        var rng = new Random(3);
        var bytes = new byte[300];
        rng.NextBytes(bytes);
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] == 0xab) bytes[i] = 0;
        bytes[117] = 0xab;
        bytes[118] = 0xcd;
        var input = new FuzzCase(bytes, [10, 50, 200], 5, "synthetic");
        static bool Trigger(FuzzCase c) => c.Bytes.AsSpan().IndexOf((byte[])[0xab, 0xcd]) >= 0;
        var m = new Minimiser(c => Task.FromResult(Trigger(c)), 500, TimeSpan.FromSeconds(20));

        var small = await m.MinimiseAsync(input);

        Assert.Equal("abcd", small.Hex);
        Assert.Empty(small.Cuts);
        Assert.Equal(0, small.DelayMs);
        Assert.InRange(m.Attempts, 1, 500);
    }

    [Fact]
    public async Task Keeps_the_segmenting_a_finding_needs()
    {
        // The "bug" needs the byte 0x42 to arrive in a write of its own after something else.
        var input = new FuzzCase([1, 2, 3, 0x42, 5, 6], [3, 4], 0, "split");
        static bool Trigger(FuzzCase c)
        {
            var segs = c.Segments().ToList();
            return segs.Count >= 2 && segs.Skip(1).Any(s => s.Length == 1 && s.Span[0] == 0x42);
        }
        var small = await new Minimiser(c => Task.FromResult(Trigger(c)), 500, TimeSpan.FromSeconds(20)).MinimiseAsync(input);

        Assert.True(Trigger(small));
        Assert.Equal(2, small.Bytes.Length);
        Assert.Equal([1], small.Cuts);
    }

    [Fact]
    public void Removing_bytes_moves_the_cuts()
    {
        var c = new FuzzCase([0, 1, 2, 3, 4, 5, 6, 7], [2, 4, 6], 0, "x");
        var r = Minimiser.Remove(c, 3, 2);
        Assert.Equal(new byte[] { 0, 1, 2, 5, 6, 7 }, r.Bytes);
        Assert.Equal([2, 3, 4], r.Cuts);
    }
}
