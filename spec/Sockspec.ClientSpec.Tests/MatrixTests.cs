using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Xunit.Abstractions;

namespace Sockspec.ClientSpec.Tests;

/// <summary>
/// The published client matrix: each client's verdicts must equal its expected-results file
/// (spec/Sockspec.ClientSpec/expected/NAME.expect), so that CI notices when a client, or the suite, changes.
/// </summary>
public class MatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string> Entries => [.. ClientMatrix.Published.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Each_published_client_matches_its_expected_results(string name)
    {
        var entry = ClientMatrix.Find(name)!;
        var path = Path.Combine(AppContext.BaseDirectory, "expected", name + ".expect");
        Assert.True(File.Exists(path), $"missing {path}: run spec/Sockspec.ClientSpec/run-matrix.sh --write and review the result");
        var options = new ClientSuiteOptions { Timeout = TimeSpan.FromSeconds(3), Concurrency = 4, User = entry.User, Password = entry.Password };
        var differences = await CompareWithOneRetryAsync(name, ExpectFile.Read(path),
            () => ClientSuiteRunner.RunAsync(ClientCatalog.All, entry.Create(), options), output.WriteLine);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>
    /// Runs the suite and compares it with the expected verdicts; on a difference, runs it once more. A third-party
    /// client's own timers (proxychains4's read time-out against the case deadline, say) can land on either side of a
    /// deadline on a loaded machine, so a difference counts only when the second run shows it too. A flake is never
    /// silent: the first run's differences (expected vs got, and what the client did) go to <paramref name="log"/>
    /// before the retry, and whether the retry matched after it. Returns the differences of the last run.
    /// </summary>
    internal static async Task<List<string>> CompareWithOneRetryAsync(
        string name, IReadOnlyDictionary<string, Verdict> expected, Func<Task<TargetReport>> run, Action<string> log)
    {
        var report = await run();
        var diffs = Evidence(ExpectFile.Compare(expected, report.Results, wholeSuite: true), report);
        if (diffs.Count == 0) return diffs;
        log($"{name}: the first run differs from {name}.expect in {diffs.Count} case(s) (expected vs got :: what the client did):");
        foreach (var line in diffs) log("  " + line);
        report = await run();
        diffs = Evidence(ExpectFile.Compare(expected, report.Results, wholeSuite: true), report);
        log(diffs.Count == 0
            ? $"{name}: the second run matches {name}.expect: the differences above were a flake"
            : $"{name}: the second run differs too, in {diffs.Count} case(s)");
        return diffs;
    }

    /// <summary>Each difference ("case: expected X, got Y") with what the client actually did in that case.</summary>
    private static List<string> Evidence(List<string> diffs, TargetReport report) =>
        [.. diffs.Select(d => d + " :: " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual)];

    private static TargetReport Report(Verdict verdict, string actual) => new("fake client", DateTimeOffset.UnixEpoch, TimeSpan.Zero,
        [new CaseResult("c/1", [], RequirementLevel.Must, "§1", "one case", verdict, "pass", actual, TimeSpan.Zero, [], "")], []);

    [Fact]
    public async Task A_flake_writes_the_first_runs_differences_before_the_retry_matches()
    {
        var runs = new Queue<TargetReport>([Report(Verdict.Fail, "timed out after 3 s"), Report(Verdict.Pass, "connected")]);
        var log = new List<string>();
        var differences = await CompareWithOneRetryAsync("fake", new Dictionary<string, Verdict> { ["c/1"] = Verdict.Pass },
            () => Task.FromResult(runs.Dequeue()), log.Add);
        Assert.Empty(differences);
        Assert.Equal(
        [
            "fake: the first run differs from fake.expect in 1 case(s) (expected vs got :: what the client did):",
            "  c/1: expected pass, got fail :: timed out after 3 s",
            "fake: the second run matches fake.expect: the differences above were a flake",
        ], log);
    }

    [Fact]
    public async Task A_difference_both_runs_show_fails_with_the_second_runs_evidence()
    {
        var runs = new Queue<TargetReport>([Report(Verdict.Fail, "first"), Report(Verdict.Fail, "second")]);
        var log = new List<string>();
        var differences = await CompareWithOneRetryAsync("fake", new Dictionary<string, Verdict> { ["c/1"] = Verdict.Pass },
            () => Task.FromResult(runs.Dequeue()), log.Add);
        Assert.Equal(["c/1: expected pass, got fail :: second"], differences);
        Assert.Contains("  c/1: expected pass, got fail :: first", log);
        Assert.Equal("fake: the second run differs too, in 1 case(s)", log[^1]);
    }
}
