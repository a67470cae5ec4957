using Sockspec.Runner.Cases;
using Sockspec.Runner.Model;
using Sockspec.Runner.Running;
using Sockspec.Runner.Targets;
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
    public async Task A_target_that_dies_during_a_case_marks_that_case_and_is_restarted_for_the_next()
    {
        // Listens, then dies 2 s after it started: the first case is running then.
        var target = new ExecTarget("sh -c 'ncat -l -k 127.0.0.1 {port} & sleep 2; kill $!'", null, TimeSpan.FromSeconds(10));
        var runner = new SuiteRunner(new RunOptions { Timeout = TimeSpan.FromMilliseconds(200), Concurrency = 1 });
        await using (target)
        {
            var report = await runner.RunAsync([Hold("test/long", TimeSpan.FromSeconds(4)), Hold("test/after", TimeSpan.Zero)], target, CancellationToken.None);
            var crashed = report.Results.Single(r => r.CaseId == "test/long");
            Assert.Equal(Verdict.Fail, crashed.Verdict);
            Assert.Contains("crashed", crashed.Actual);
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
