using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Tests;

public sealed class SuiteRunnerTests
{
    private static SocksCase ConnectEcho(string id) => TestCases.ConnectEcho(id);

    [Fact]
    public async Task A_case_that_outlives_its_deadline_is_an_error_not_a_hang()
    {
        var hang = Case("test/hang", "test", "never returns").Checks(RequirementLevel.Specified, "S5-REQ-01").Sends("nothing")
            .Accept(Verdict.Pass, Outcome.Anything)
            .Run(async (c, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new Observation();
            });
        var runner = new SuiteRunner(new RunOptions { Timeout = TimeSpan.FromSeconds(1), CaseLimit = TimeSpan.FromMilliseconds(500) });
        await using var target = new ReferenceTarget(null);
        var report = await runner.RunAsync([hang], target, CancellationToken.None);
        var r = Assert.Single(report.Results, x => x.CaseId == "test/hang");
        Assert.Equal(Verdict.Error, r.Verdict);
        Assert.Contains("deadline", r.Actual);
    }

    [Fact]
    public async Task When_the_run_deadline_passes_the_rest_is_blocked_the_cases_in_flight_are_cut_off_and_it_is_a_finding()
    {
        var slow = Enumerable.Range(0, 6).Select(i => Case($"test/slow-{i}", "test", "takes a while").Checks(RequirementLevel.Specified, "S5-REQ-01")
            .Sends("nothing").NeedsOnly(Features.None).Accept(Verdict.Pass, Outcome.Anything)
            .Run(async (c, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                return new Observation();
            })).ToList();
        var runner = new SuiteRunner(new RunOptions { Concurrency = 1, RunLimit = TimeSpan.FromSeconds(2.5), CaseLimit = TimeSpan.FromSeconds(5) });
        await using var target = new ReferenceTarget(null);
        var report = await runner.RunAsync(slow, target, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(RunFindingKind.RunDeadline, finding.Kind);
        Assert.True(report.Failed);
        Assert.Contains(report.Results, r => r.CaseId.StartsWith("test/slow", StringComparison.Ordinal) && r.Verdict == Verdict.Pass);
        Assert.Contains(report.Results, r => r.Verdict == Verdict.Blocked && r.Actual.StartsWith("not run: the run's deadline", StringComparison.Ordinal));
        var cut = Assert.Single(report.Results, r => r.Verdict == Verdict.Error);
        Assert.Contains("cut off by the run's deadline", cut.Actual);
        Assert.Equal([cut.CaseId], finding.InFlight);
        Assert.InRange(report.Duration, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Probes_detect_features_and_a_case_needing_an_absent_one_is_unsupported()
    {
        var needsUserPass = Case("test/userpass", "test", "needs userpass").Checks(RequirementLevel.Specified, "UP-01").Needs(Features.UserPass)
            .Sends("nothing").Accept(Verdict.Pass, Outcome.Anything).Run((c, ct) => Task.FromResult(new Observation()));
        var runner = new SuiteRunner(new RunOptions());
        await using var target = new ReferenceTarget(null);
        var report = await runner.RunAsync([needsUserPass, ConnectEcho("test/echo")], target, CancellationToken.None);
        Assert.True(runner.DetectedFeatures.HasFlag(Features.Socks5 | Features.NoAuth));
        Assert.False(runner.DetectedFeatures.HasFlag(Features.UserPass));
        Assert.Equal(Verdict.Unsupported, report.Results.Single(r => r.CaseId == "test/userpass").Verdict);
        Assert.Equal(Verdict.Pass, report.Results.Single(r => r.CaseId == "test/echo").Verdict);
        Assert.Contains(report.Results, r => r.CaseId == "probe/userpass" && r.Verdict == Verdict.Unsupported);
    }

    [Fact]
    public async Task A_profile_overrides_a_probe_and_turns_cases_into_skipped()
    {
        var runner = new SuiteRunner(new RunOptions { Profile = new Dictionary<Features, bool> { [Features.Socks5] = false } });
        await using var target = new ReferenceTarget(null);
        var report = await runner.RunAsync([ConnectEcho("test/echo")], target, CancellationToken.None);
        Assert.Equal(Verdict.Skipped, report.Results.Single(r => r.CaseId == "test/echo").Verdict);
    }

    [Fact]
    public async Task Strict_turns_non_strict_into_fail_and_each_result_carries_a_reproducer()
    {
        var lenient = Case("test/lenient", "test", "always non-strict").Checks(RequirementLevel.Should, "S5-REQ-03").Sends("CONNECT")
            .Otherwise(Verdict.NonStrict)
            .Run((c, ct) => c.RequestAsync(c.ConnectEcho(), ct));
        foreach (var strict in new[] { false, true })
        {
            var runner = new SuiteRunner(new RunOptions { Strict = strict, Credentials = new Credentials("u", "p") });
            await using var target = new ReferenceTarget(new Credentials("u", "p"));
            var report = await runner.RunAsync([lenient], target, CancellationToken.None);
            var r = report.Results.Single(x => x.CaseId == "test/lenient");
            Assert.Equal(strict ? Verdict.Fail : Verdict.NonStrict, r.Verdict);
            Assert.StartsWith("sockspec run ", r.Reproducer);
            Assert.Contains("--cases test/lenient", r.Reproducer);
            Assert.Contains("--user u --password <password>", r.Reproducer);
            Assert.DoesNotContain(" p ", r.Reproducer + " ");
        }
    }

    [Fact]
    public async Task Each_case_has_its_own_trace_with_both_directions()
    {
        var runner = new SuiteRunner(new RunOptions());
        await using var target = new ReferenceTarget(null);
        var report = await runner.RunAsync([ConnectEcho("test/echo")], target, CancellationToken.None);
        var r = report.Results.Single(x => x.CaseId == "test/echo");
        Assert.Contains(r.Trace, e => e.Direction == TraceDirection.ToTarget && e.Kind == TraceEventKind.Data);
        Assert.Contains(r.Trace, e => e.Direction == TraceDirection.FromTarget && e.Kind == TraceEventKind.Data);
        Assert.True(r.Trace.Zip(r.Trace.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Fact]
    public async Task A_target_that_requires_a_login_the_run_lacks_skips_cases_instead_of_failing_them()
    {
        var runner = new SuiteRunner(new RunOptions());
        await using var target = new ReferenceTarget(new Credentials("u", "p"));
        var report = await runner.RunAsync([ConnectEcho("test/echo")], target, CancellationToken.None);
        var r = report.Results.Single(x => x.CaseId == "test/echo");
        Assert.Equal(Verdict.Skipped, r.Verdict);
        Assert.Contains("--user", r.Actual);
    }
}
