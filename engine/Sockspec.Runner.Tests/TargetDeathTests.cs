using Sockspec.Reports;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Runner.Tests;

/// <summary>
/// Issue 13 §3: a target that dies on one specific case while others run concurrently. Without a restart (--target)
/// the death is a finding and what follows is blocked; with one (--exec) the cases in flight are re-run one at a time
/// and the one that kills it is named with its reproducer.
/// </summary>
public sealed class TargetDeathTests
{
    private const int KillPort = 9;

    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(120);

    private static RunOptions Options => new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        CaseLimit = TimeSpan.FromSeconds(8),
        RunLimit = TimeSpan.FromSeconds(90),
        Concurrency = 4,
    };

    private static RunOptions Serial => new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        CaseLimit = TimeSpan.FromSeconds(8),
        RunLimit = TimeSpan.FromSeconds(90),
        Concurrency = 2,
    };

    /// <summary>Twelve ordinary cases with the killer in the middle, so that some run before it, some beside it, some after.</summary>
    private static List<Cases.SocksCase> Cases()
    {
        var cases = TestCases.Mix(12);
        cases.Insert(6, TestCases.ConnectTo("test/killer", KillPort));
        return cases;
    }

    [Fact]
    public async Task Without_a_restart_the_death_is_a_finding_naming_the_cases_in_flight_and_the_rest_is_blocked()
    {
        await using var server = new DyingSocks5Server(KillPort);
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Options).RunAsync(Cases(), target, CancellationToken.None).WaitAsync(Hang);

        Assert.NotNull(server.DiedAt);
        var death = Assert.Single(report.Findings);
        Assert.Equal(RunFindingKind.TargetDied, death.Kind);
        Assert.Contains("it cannot be restarted", death.Message);
        Assert.True(death.InFlight.Contains("test/killer"), Story(report));
        Assert.True(report.Failed);

        // Cases before the death passed; everything the death touched or came after is blocked, naming since when.
        Assert.Contains(report.Results, r => r.CaseId.StartsWith("test/echo", StringComparison.Ordinal) && r.Verdict == Verdict.Pass);
        var blocked = report.Results.Where(r => r.Verdict == Verdict.Blocked).ToList();
        Assert.Contains(blocked, r => r.CaseId == "test/killer");
        Assert.Contains(report.Results, r => r.CaseId == "test/refused-11" && r.Verdict == Verdict.Blocked);
        Assert.All(blocked.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal)), r => Assert.StartsWith("target down since", r.Actual));
        Assert.DoesNotContain(report.Results, r => r.Verdict == Verdict.Error);

        // Every report says so first.
        var dir = Path.Combine(Path.GetTempPath(), "sockspec-death-" + Guid.NewGuid().ToString("N")[..8]);
        HtmlReport.Write([report], dir);
        JsonReport.Write(report, Path.Combine(dir, "r.json"));
        JUnitReport.Write(report, Path.Combine(dir, "r.xml"));
        var index = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.True(index.IndexOf("The target died", StringComparison.Ordinal) < index.IndexOf("By section", StringComparison.Ordinal));
        var json = File.ReadAllText(Path.Combine(dir, "r.json"));
        Assert.True(json.IndexOf("\"target-died\"", StringComparison.Ordinal) < json.IndexOf("\"cases\"", StringComparison.Ordinal));
        var junit = File.ReadAllText(Path.Combine(dir, "r.xml"));
        Assert.True(junit.IndexOf("sockspec/finding/target-died", StringComparison.Ordinal) < junit.IndexOf("test/echo-00", StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task With_a_restart_the_cases_in_flight_are_rerun_alone_and_the_killer_is_named_with_its_reproducer()
    {
        var script = Path.Combine(RepoRoot(), "scripts", "hostile_target.py");
        await using var target = new ExecTarget($"python3 {script} dies-on --kill-port {KillPort}", null, TimeSpan.FromSeconds(15));
        var report = await new SuiteRunner(Options).RunAsync(Cases(), target, CancellationToken.None).WaitAsync(Hang);

        Assert.True(report.Findings.Count(f => f.Kind == RunFindingKind.TargetDied) == 1, Story(report));
        var death = report.Findings.Single(f => f.Kind == RunFindingKind.TargetDied);
        Assert.True(death.Culprit == "test/killer", Story(report));
        Assert.Contains("--cases test/killer", death.Reproducer);
        Assert.Contains("--exec", death.Reproducer);
        Assert.Contains("test/killer", death.InFlight);
        Assert.True(report.Failed);

        var killer = report.Results.Single(r => r.CaseId == "test/killer");
        Assert.Equal(Verdict.Fail, killer.Verdict);
        Assert.Contains("died when this case ran alone", killer.Actual);
        // The others were re-run on the restarted target (or ran after it) and pass: the death is charged once.
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal) && r.CaseId != "test/killer"),
            r => Assert.True(r.Verdict == Verdict.Pass, Story(report)));
        Assert.Contains(report.TargetLog, l => l.Contains("restarting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_that_dies_only_when_two_cases_overlap_is_a_finding_that_says_no_single_case_did_it_and_lists_them()
    {
        // Dies when CONNECTs to ports 7 and 8 are held at once (each is held a second before its REP 05). Run first and
        // side by side they kill it; alone each gets its reply.
        var script = Path.Combine(RepoRoot(), "scripts", "hostile_target.py");
        await using var target = new ExecTarget($"python3 {script} dies-on --overlap-ports 7,8", null, TimeSpan.FromSeconds(15));
        var cases = new List<Cases.SocksCase> { TestCases.ConnectTo("test/overlap-a", 7), TestCases.ConnectTo("test/overlap-b", 8) };
        cases.AddRange(TestCases.Mix(6));
        var report = await new SuiteRunner(Options).RunAsync(cases, target, CancellationToken.None).WaitAsync(Hang);

        var death = Assert.Single(report.Findings, f => f.Kind == RunFindingKind.TargetDied);
        Assert.True(death.Culprit is null, Story(report));
        Assert.Null(death.Reproducer);
        Assert.Contains("none of the cases in flight kills it alone", death.Message);
        Assert.True(death.InFlight.Contains("test/overlap-a") && death.InFlight.Contains("test/overlap-b"), Story(report));
        Assert.Contains("in flight: ", death.Describe());
        Assert.True(report.Failed);
        // Re-run alone, each overlapping case gets its reply and keeps that verdict; no case is charged with the death.
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal)),
            r => Assert.True(r.Verdict == Verdict.Pass, Story(report)));
        Assert.DoesNotContain(report.Results, r => r.Actual.Contains("died when this case ran alone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_target_that_dies_on_a_timer_is_a_finding_that_names_no_case()
    {
        // Dies 1.5 s after each start, whatever runs. Each case waits 300 ms before it connects, so the concurrent run
        // spans the timer, while one case alone (with the checks after it) ends well within it on a fresh target.
        var script = Path.Combine(RepoRoot(), "scripts", "hostile_target.py");
        await using var target = new ExecTarget($"python3 {script} dies-on --die-after 1.5", null, TimeSpan.FromSeconds(15));
        var cases = Enumerable.Range(0, 12).Select(i => TestCases.Slow($"test/slow-{i:00}", TimeSpan.FromMilliseconds(300))).ToList();
        var report = await new SuiteRunner(Serial).RunAsync(cases, target, CancellationToken.None).WaitAsync(Hang);

        var deaths = report.Findings.Where(f => f.Kind == RunFindingKind.TargetDied).ToList();
        Assert.True(deaths.Count > 0, Story(report));
        Assert.True(deaths.All(d => d.Culprit is null), Story(report));
        Assert.True(report.Failed);
        Assert.Contains(deaths, d => d.Message.Contains("dies with no case running", StringComparison.Ordinal));
        // No case is charged with a death it did not cause: re-run alone, each passes, or is blocked saying why.
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal)),
            r => Assert.True(r.Verdict == Verdict.Pass || (r.Verdict == Verdict.Blocked && r.Actual.Contains("charged to no case", StringComparison.Ordinal)), Story(report)));
    }

    /// <summary>What the run saw, for a failure message.</summary>
    private static string Story(TargetReport report) =>
        string.Join("\n", report.Findings.Select(f => f.Describe()).Concat(report.Results.Select(r => $"{r.CaseId} {r.Verdict.ToWire()}: {r.Actual}")).Concat(report.TargetLog));

    private static string RepoRoot() => RepositoryRoot.Path;
}
