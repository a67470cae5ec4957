using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Tests;

/// <summary>--exec targets, with ncat (installed by scripts/setup.sh) standing in for a proxy that dies.</summary>
public sealed class ExecTargetTests
{
    private static SocksCase Hold(string id, TimeSpan hold) =>
        Case(id, "test", "holds a connection").Checks(RequirementLevel.Specified, "S5-REQ-01").Sends("nothing")
            .NeedsOnly(Features.None)
            .Accept(Verdict.Pass, Outcome.Anything)
            .Run(async (c, ct) =>
            {
                await using var conn = await c.ConnectAsync(ct);
                await Task.Delay(hold, ct);
                return new Observation { Note = "held" };
            });

    private static int FreePort()
    {
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)s.LocalEndPoint!).Port;
    }

    [Fact]
    public async Task A_target_that_dies_on_its_own_during_a_case_is_a_finding_restarted_for_the_next_and_charges_no_case()
    {
        // Listens, then dies 2 s after every start: the first case is running then, but it is not what kills it.
        var target = new ExecTarget("sh -c 'ncat -l -k 127.0.0.1 {port} & sleep 2; kill $!'", null, TimeSpan.FromSeconds(10));
        // ncat speaks no SOCKS: the profile fixes the versions instead of probing them (which would find no server).
        var profile = new Dictionary<Features, bool> { [Features.Socks5] = true, [Features.Socks4] = false };
        var runner = new SuiteRunner(new RunOptions { Timeout = TimeSpan.FromMilliseconds(200), Concurrency = 1, Profile = profile });
        await using (target)
        {
            var report = await runner.RunAsync([Hold("test/long", TimeSpan.FromSeconds(4)), Hold("test/after", TimeSpan.Zero)], target, CancellationToken.None);
            var story = string.Join("\n", report.Findings.Select(f => f.Describe()).Concat(report.Results.Select(r => $"{r.CaseId} {r.Verdict}: {r.Actual}")));
            // Re-run alone, test/long sees the target die again, but restarted and left idle it dies just the same:
            // the death is the target's own and no case is charged with it.
            var death = Assert.Single(report.Findings);
            Assert.Equal(RunFindingKind.TargetDied, death.Kind);
            Assert.Contains("test/long", death.InFlight);
            Assert.True(death.Culprit is null, story);
            Assert.Contains("dies with no case running", death.Message);
            Assert.True(report.Failed, story);
            var held = report.Results.Single(r => r.CaseId == "test/long");
            Assert.True(held.Verdict == Verdict.Pass && held.Actual.Contains("the target then died", StringComparison.Ordinal), story);
            Assert.Equal(Verdict.Pass, report.Results.Single(r => r.CaseId == "test/after").Verdict);
            Assert.Contains(report.TargetLog, l => l.Contains("restarting", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_command_that_never_listens_is_a_setup_error_naming_the_command()
    {
        await using var target = new ExecTarget("sleep 30 # {port}", null, TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<TargetSetupException>(() => target.StartAsync(CancellationToken.None));
        Assert.Contains("did not accept", e.Message);
    }

    [Fact]
    public async Task A_command_that_exits_at_once_is_a_setup_error_with_its_output()
    {
        await using var target = new ExecTarget("sh -c 'echo boom >&2; exit 3' # {port}", null, TimeSpan.FromSeconds(5));
        var e = await Assert.ThrowsAsync<TargetSetupException>(() => target.StartAsync(CancellationToken.None));
        Assert.Contains("code 3", e.Message);
    }

    [Fact]
    public async Task The_port_can_come_from_a_listening_line()
    {
        int port = FreePort();
        await using var target = new ExecTarget($"ncat -l -k 127.0.0.1 {port} & sleep 0.3; echo 'listening on 127.0.0.1:{port}'; wait", null, TimeSpan.FromSeconds(5));
        await target.StartAsync(CancellationToken.None);
        Assert.Equal(port, target.EndPoint.Port);
        Assert.Null(target.Crashed);
    }
}
