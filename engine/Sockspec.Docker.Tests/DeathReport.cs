using System.Text.Json;

namespace Sockspec.Docker.Tests;

/// <summary>
/// What a JSON report must say about a target that died mid-run (by a case, or on a timer as the test targets do): a
/// target-died finding; a culprit only when one case killed it alone twice, and that case failed; every case the death
/// touched re-run alone and saying so.
/// </summary>
internal static class DeathReport
{
    /// <summary>Checks the report; returns the finding's messages for the test's output.</summary>
    public static List<string> AssertDeathIsAFinding(JsonDocument report, string story)
    {
        var root = report.RootElement;
        var deaths = root.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("kind").GetString() == "target-died").ToList();
        Assert.True(deaths.Count > 0, $"no target-died finding\n{story}");
        Assert.True(root.GetProperty("failed").GetBoolean(), $"a run with a death is not marked failed\n{story}");
        var cases = root.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => (Verdict: c.GetProperty("verdict").GetString()!, Actual: c.GetProperty("actual").GetString()!));
        foreach (var d in deaths)
        {
            Assert.NotEmpty(d.GetProperty("inFlight").EnumerateArray());
            if (d.GetProperty("culprit").GetString() is { } culprit)
            {
                Assert.True(cases[culprit].Verdict == "fail", $"culprit {culprit} is {cases[culprit].Verdict}\n{story}");
                Assert.StartsWith("the target died when this case ran alone, twice on a fresh target, and outlived the same time idle", cases[culprit].Actual, StringComparison.Ordinal);
                Assert.Contains("--cases " + culprit, d.GetProperty("reproducer").GetString(), StringComparison.Ordinal);
            }
        }
        Assert.All(cases.Where(c => c.Value.Actual.StartsWith("the target died when this case ran alone", StringComparison.Ordinal)),
            c => Assert.Equal("fail", c.Value.Verdict));
        return [.. deaths.Select(d => d.GetProperty("message").GetString()!)];
    }
}
