using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Runner.Tests;

/// <summary>
/// A target that one case makes deaf (it keeps accepting, and never answers again) is a hang, not a pile of timeouts:
/// without a restart the hang is a finding and what followed it is blocked; with one, the case that hangs it is named
/// and the rest re-run clean, exactly as for a death (<see cref="TargetDeathTests"/>).
/// </summary>
public sealed class TargetHangTests
{
    private const int KillPort = 9;

    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(150);

    private static RunOptions Options => new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        CaseLimit = TimeSpan.FromSeconds(8),
        RunLimit = TimeSpan.FromSeconds(120),
        Concurrency = 4,
    };

    private static List<Cases.SocksCase> Cases()
    {
        var cases = TestCases.Mix(12);
        cases.Insert(6, TestCases.ConnectTo("test/killer", KillPort));
        return cases;
    }

    [Fact]
    public async Task Without_a_restart_the_hang_is_a_finding_naming_the_cases_in_flight_and_what_followed_is_blocked()
    {
        await using var server = new DyingSocks5Server(KillPort, deaf: true);
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Options).RunAsync(Cases(), target, CancellationToken.None).WaitAsync(Guard);

        Assert.NotNull(server.DiedAt);
        var hang = Assert.Single(report.Findings);
        Assert.True(hang.Kind == RunFindingKind.TargetHung, Story(report));
        Assert.Equal("target-hung", RunFinding.KindName(hang.Kind));
        Assert.Contains("stopped answering", hang.Message);
        Assert.Contains("it cannot be restarted", hang.Message);
        Assert.True(hang.InFlight.Contains("test/killer"), Story(report));
        Assert.True(report.Failed);

        Assert.Contains(report.Results, r => r.CaseId.StartsWith("test/echo", StringComparison.Ordinal) && r.Verdict == Verdict.Pass);
        Assert.True(report.Results.Single(r => r.CaseId == "test/killer").Verdict == Verdict.Blocked, Story(report));
        Assert.True(report.Results.Single(r => r.CaseId == "test/refused-11").Verdict == Verdict.Blocked, Story(report));
        Assert.All(report.Results.Where(r => r.Verdict == Verdict.Blocked && r.CaseId.StartsWith("test/", StringComparison.Ordinal)), r => Assert.StartsWith("target unresponsive since", r.Actual));
        Assert.DoesNotContain(report.Results, r => r.CaseId.StartsWith("test/", StringComparison.Ordinal) && r.Verdict is Verdict.Error or Verdict.Fail);
    }

    [Fact]
    public async Task With_a_restart_the_case_that_hangs_it_is_named_and_the_others_pass_on_the_restarted_target()
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "hostile_target.py");
        await using var target = new ExecTarget($"python3 {script} hangs-on --kill-port {KillPort}", null, TimeSpan.FromSeconds(15));
        var report = await new SuiteRunner(Options).RunAsync(Cases(), target, CancellationToken.None).WaitAsync(Guard);

        var hang = Assert.Single(report.Findings);
        Assert.True(hang.Kind == RunFindingKind.TargetHung, Story(report));
        Assert.True(hang.Culprit == "test/killer", Story(report));
        Assert.Contains("--cases test/killer", hang.Reproducer);
        Assert.Contains("it hangs on test/killer alone", hang.Describe());
        Assert.True(report.Failed);

        var killer = report.Results.Single(r => r.CaseId == "test/killer");
        Assert.Equal(Verdict.Fail, killer.Verdict);
        Assert.Contains("hung when this case ran alone", killer.Actual);
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal) && r.CaseId != "test/killer"),
            r => Assert.True(r.Verdict == Verdict.Pass, Story(report)));
    }

    [Fact]
    public async Task A_target_that_answers_to_the_end_is_not_called_hung()
    {
        await using var server = new DyingSocks5Server(KillPort, deaf: true); // only test/killer connects there, and it is not run: never deaf
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Options).RunAsync(TestCases.Mix(8), target, CancellationToken.None).WaitAsync(Guard);

        Assert.True(report.Findings.Count == 0, Story(report));
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("test/", StringComparison.Ordinal)), r => Assert.Equal(Verdict.Pass, r.Verdict));
    }

    private static string Story(TargetReport report) =>
        string.Join("\n", report.Findings.Select(f => $"{RunFinding.KindName(f.Kind)}: {f.Describe()}")
            .Concat(report.Results.Select(r => $"{r.CaseId} {r.Verdict.ToWire()}: {r.Actual}")).Concat(report.TargetLog));
}
