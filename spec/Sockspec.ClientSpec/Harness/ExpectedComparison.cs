using Sockspec.Model;
using Sockspec.Runner.Running;

namespace Sockspec.ClientSpec.Harness;

/// <summary>A client's verdicts held against its expected-results file, with one retry for third-party timers.</summary>
public static class ExpectedComparison
{
    /// <summary>
    /// Runs the suite and compares it with the expected verdicts; on a difference, runs it once more. A third-party
    /// client's own timers (proxychains4's read time-out against the case deadline, say) can land on either side of a
    /// deadline on a loaded machine, so a difference counts only when the second run shows it too. A flake is never
    /// silent: the first run's differences (expected vs got, and what the client did) go to <paramref name="log"/>
    /// before the retry, and whether the retry matched after it. Returns the last run and its differences.
    /// </summary>
    public static async Task<(TargetReport Report, List<string> Differences)> CompareWithOneRetryAsync(
        string name, IReadOnlyDictionary<string, Verdict> expected, bool wholeSuite, Func<Task<TargetReport>> run, Action<string> log)
    {
        var report = await run();
        var diffs = Evidence(ExpectFile.Compare(expected, report.Results, wholeSuite), report);
        if (diffs.Count == 0) return (report, diffs);
        log($"{name}: the first run differs from {name}.expect in {diffs.Count} case(s) (expected vs got :: what the client did):");
        foreach (var line in diffs) log("  " + line);
        report = await run();
        diffs = Evidence(ExpectFile.Compare(expected, report.Results, wholeSuite), report);
        log(diffs.Count == 0
            ? $"{name}: the second run matches {name}.expect: the differences above were a flake"
            : $"{name}: the second run differs too, in {diffs.Count} case(s)");
        return (report, diffs);
    }

    /// <summary>Each difference ("case: expected X, got Y") with what the client actually did in that case.</summary>
    private static List<string> Evidence(List<string> diffs, TargetReport report) =>
        [.. diffs.Select(d => d + " :: " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual)];
}
