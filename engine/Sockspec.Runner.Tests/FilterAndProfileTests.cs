using Sockspec.Model;
using Sockspec.Runner.Running;

namespace Sockspec.Runner.Tests;

public sealed class FilterAndProfileTests
{
    [Theory]
    [InlineData("rfc1928/4/*", "rfc1928/4/rsv-ff", true)]
    [InlineData("rfc1928/*", "rfc1928/4/rsv-ff", true)]
    [InlineData("rfc1928/4/rsv-??", "rfc1928/4/rsv-ff", true)]
    [InlineData("rfc1928/4/rsv-?", "rfc1928/4/rsv-ff", false)]
    [InlineData("socks4/*", "socks4a/connect-localhost", false)]
    [InlineData("rfc1928/4/rsv-ff", "rfc1928/4/rsv-ff", true)]
    public void Globs_match_case_ids(string glob, string id, bool matches) =>
        Assert.Equal(matches, CaseFilter.Matches([glob], id));

    [Fact]
    public void No_glob_matches_everything() => Assert.True(CaseFilter.Matches([], "anything"));

    [Fact]
    public void A_profile_sets_features_by_name()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# dante\nbind = no\nudp = yes  # relay works\n");
            var p = FeatureProfile.Read(path);
            Assert.False(p[Features.Bind]);
            Assert.True(p[Features.Udp]);
            File.WriteAllText(path, "teleport = yes\n");
            Assert.Throws<FormatException>(() => FeatureProfile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
