using System.Text.RegularExpressions;
using Sockspec.Model;
using Sockspec.Spec.Requirements;

namespace Sockspec.Spec.Tests;

public sealed partial class SuiteShapeTests
{
    [GeneratedRegex("^(rfc1928/[3-7]|rfc1929/2|socks4/(connect|bind)|socks4a|robustness|deviations)/[a-z0-9][a-z0-9./-]*$")]
    private static partial Regex IdShape();

    [Fact]
    public void There_are_at_least_150_server_cases() => Assert.InRange(Suite.All.Count, 150, 10_000);

    [Fact]
    public void Case_ids_are_unique()
    {
        var dupes = Suite.All.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(dupes.Count == 0, "duplicate case IDs: " + string.Join(", ", dupes));
    }

    [Fact]
    public void Case_ids_have_the_stable_path_shape() =>
        Assert.All(Suite.All, c => Assert.Matches(IdShape(), c.Id));

    [Fact]
    public void Every_case_names_catalogue_requirements_and_says_what_it_sends_and_accepts()
    {
        Assert.All(Suite.All, c =>
        {
            Assert.NotEmpty(c.Requirements);
            foreach (var id in c.Requirements) Assert.True(Catalogue.Find(id) is not null, $"{c.Id}: {id} is not in the catalogue");
            Assert.False(string.IsNullOrWhiteSpace(c.Sends), c.Id);
            Assert.False(string.IsNullOrWhiteSpace(c.Title), c.Id);
            Assert.NotEmpty(c.Rules);
        });
    }

    [Fact]
    public void Must_and_specified_cases_fail_on_the_unexpected_and_should_may_cases_do_not()
    {
        // A SHOULD/MAY case that fails on the unanticipated would be stricter than the RFC.
        var tooStrict = Suite.All.Where(c => c.Level is RequirementLevel.Should or RequirementLevel.May && c.Otherwise == Verdict.Fail).Select(c => c.Id).ToList();
        Assert.True(tooStrict.Count == 0, "SHOULD/MAY cases failing on the unanticipated: " + string.Join(", ", tooStrict));
    }

    [Fact]
    public void Every_server_deviation_area_has_cases()
    {
        string[] areas = ["rfc1928/3/", "rfc1929/2/", "rfc1928/4/", "rfc1928/5/", "rfc1928/6/bind", "rfc1928/6/udp", "rfc1928/7/",
                          "socks4/connect/", "socks4/bind/", "socks4a/", "robustness/", "deviations/"];
        Assert.All(areas, a => Assert.Contains(Suite.All, c => c.Id.StartsWith(a, StringComparison.Ordinal)));
    }
}
