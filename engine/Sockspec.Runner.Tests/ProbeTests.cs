using System.Net.Sockets;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;
using static Sockspec.Runner.Cases.CaseBuilder;

namespace Sockspec.Runner.Tests;

/// <summary>Issue 13 §2: a probe that sees a broken answer fails, and the cases needing its feature are blocked by it.</summary>
public sealed class ProbeTests
{
    private static readonly RunOptions Short = new() { Timeout = TimeSpan.FromSeconds(1), CaseLimit = TimeSpan.FromSeconds(4), Concurrency = 4 };

    private static SocksCase NeedsBind() =>
        Case("test/bind", "test", "needs bind").Checks(RequirementLevel.Specified, "S5-BIND-03").Needs(Features.Bind)
            .Sends("nothing").Accept(Verdict.Pass, Outcome.Anything).Run((c, ct) => Task.FromResult(new Observation()));

    [Fact]
    public async Task A_method_selection_with_VER_04_fails_the_socks5_probe_and_blocks_every_SOCKS5_case()
    {
        // Answers a SOCKS5 greeting with 04 00; refuses SOCKS4 properly (00 5B, close), so a SOCKS server is there.
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            var buffer = new byte[512];
            int n = await s.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n > 0 && buffer[0] == 5) await s.SendAsync(new byte[] { 4, 0 }, SocketFlags.None, ct);
            else await s.SendAsync(new byte[] { 0, 0x5B, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, ct);
            if (buffer[0] == 5) await Task.Delay(Timeout.Infinite, ct);
        });
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Short).RunAsync([TestCases.ConnectEcho("test/echo")], target, CancellationToken.None);

        var probe = report.Results.Single(r => r.CaseId == "probe/socks5");
        Assert.Equal(Verdict.Fail, probe.Verdict);
        Assert.Equal(Verdict.Unsupported, report.Results.Single(r => r.CaseId == "probe/socks4").Verdict);
        var echo = report.Results.Single(r => r.CaseId == "test/echo");
        Assert.Equal(Verdict.Blocked, echo.Verdict);
        Assert.StartsWith("blocked by probe/socks5: method selection: ", echo.Actual);
        Assert.Empty(report.Findings);
        Assert.True(report.Failed);
    }

    [Fact]
    public async Task A_bare_close_on_BIND_fails_the_bind_probe_and_blocks_the_BIND_cases()
    {
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            var (cmd, _) = await ScriptedTargets.ReadSocks5RequestAsync(s, ct);
            if (cmd == 1) await s.SendAsync(new byte[] { 5, 5, 0, 1, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, ct);
            // BIND and UDP ASSOCIATE: closed without the reply RFC 1928 §4 defines.
        });
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Short).RunAsync([NeedsBind()], target, CancellationToken.None);

        Assert.Equal(Verdict.Fail, report.Results.Single(r => r.CaseId == "probe/bind").Verdict);
        var bind = report.Results.Single(r => r.CaseId == "test/bind");
        Assert.Equal(Verdict.Blocked, bind.Verdict);
        Assert.StartsWith("blocked by probe/bind: ", bind.Actual);
        Assert.True(report.Failed);
    }

    [Fact]
    public async Task A_REP_07_for_BIND_is_unsupported_and_does_not_fail_the_run()
    {
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            var (cmd, _) = await ScriptedTargets.ReadSocks5RequestAsync(s, ct);
            await s.SendAsync(new byte[] { 5, (byte)(cmd == 1 ? 5 : 7), 0, 1, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, ct);
        });
        await using var target = new EndpointTarget(server.EndPoint);
        var report = await new SuiteRunner(Short).RunAsync([NeedsBind()], target, CancellationToken.None);

        Assert.Equal(Verdict.Unsupported, report.Results.Single(r => r.CaseId == "probe/bind").Verdict);
        Assert.Equal(Verdict.Unsupported, report.Results.Single(r => r.CaseId == "test/bind").Verdict);
    }

    [Fact]
    public async Task The_reference_proxy_passes_every_probe_it_supports_and_has_no_finding()
    {
        await using var target = new ReferenceTarget(null);
        var report = await new SuiteRunner(new RunOptions()).RunAsync([TestCases.ConnectEcho("test/echo")], target, CancellationToken.None);
        Assert.All(report.Results.Where(r => r.CaseId.StartsWith("probe/", StringComparison.Ordinal)),
            r => Assert.Contains(r.Verdict, new[] { Verdict.Informational, Verdict.Unsupported }));
        Assert.Empty(report.Findings);
        Assert.False(report.Failed);
    }
}
