namespace Sockspec.NetFuzz.Tests;

public class GenerationTests
{
    private static CaseFactory Factory(int seed) => new(new HandshakeGenerator(4242, null, null), seed);

    [Fact]
    public void Same_seed_gives_the_same_cases_and_another_seed_other_cases()
    {
        var a = Enumerable.Range(0, 2000).Select(i => Factory(7).Create(i)).ToList();
        var b = Enumerable.Range(0, 2000).Select(i => Factory(7).Create(i)).ToList();
        var c = Enumerable.Range(0, 2000).Select(i => Factory(8).Create(i)).ToList();
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Hex, b[i].Hex);
            Assert.Equal(a[i].Cuts, b[i].Cuts);
            Assert.Equal(a[i].DelayMs, b[i].DelayMs);
        }
        Assert.True(a.Zip(c).Count(p => p.First.Hex != p.Second.Hex) > 1000);
    }

    [Fact]
    public void Cases_cover_the_grammar_and_stay_safe()
    {
        var cases = Enumerable.Range(0, 5000).Select(i => Factory(1).Create(i)).ToList();
        Assert.All(cases, c => Assert.True(SafeDestinations.IsSafe(c.Bytes), c.Hex));
        Assert.All(cases, c => Assert.All(c.Cuts, x => Assert.InRange(x, 1, c.Bytes.Length - 1)));
        Assert.Contains(cases, c => c.Bytes.Length > 0 && c.Bytes[0] == 4);
        Assert.Contains(cases, c => c.Label.Contains("field", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Label.Contains("bytes", StringComparison.Ordinal));
        Assert.Contains(cases, c => c.Cuts.Length > 0);
        Assert.Contains(cases, c => c.DelayMs > 0);
        Assert.Contains(cases, c => c.Cuts.Length == 0 && c.DelayMs == 0);
        // The loopback guard redraws unsafe mutations; it must not starve the campaign of mutated cases.
        Assert.True(cases.Count(c => c.Label.Contains("plain", StringComparison.Ordinal) || c.Label.Contains("greeting only", StringComparison.Ordinal)) < 50);
        Assert.True(cases.Count(c => c.Label.Contains("field", StringComparison.Ordinal) || c.Label.Contains("bytes", StringComparison.Ordinal)) > 3000);
    }

    [Theory]
    [InlineData("050100010808080800 50", false)]
    [InlineData("0501000108080808", true)] // incomplete: no port
    [InlineData("05010001 7f000001 0050", true)]
    [InlineData("050100 03 0b 6578616d706c652e636f6d 0050", false)] // example.com
    [InlineData("050100 03 0b 6578616d706c652e696e76 0050", false)] // example.inv
    [InlineData("050100 03 0b 782e696e76616c6964 0050", true)] // x.invalid, length octet past the name: incomplete
    [InlineData("050100 03 09 782e696e76616c6964 0050", true)] // x.invalid
    [InlineData("04010050 08080808 00", false)]
    [InlineData("04010050 00000001 00 6578616d706c652e636f6d00", false)] // SOCKS4a example.com
    [InlineData("04010050 00000001 00 6c6f63616c686f737400", true)] // SOCKS4a localhost
    [InlineData("ff ff 05020002 050100010a000001 0050", false)] // a request at an unexpected offset
    public void Destinations_off_loopback_are_refused(string hex, bool safe) =>
        Assert.Equal(safe, SafeDestinations.IsSafe(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));
}
