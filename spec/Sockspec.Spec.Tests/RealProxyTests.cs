using System.Net;
using System.Net.Sockets;
using Sockspec.Runner.Model;
using Sockspec.Runner.Running;
using Sockspec.Runner.Targets;

namespace Sockspec.Spec.Tests;

/// <summary>
/// The suite against real proxies from Debian packages (scripts/setup.sh installs them), started on loopback with
/// --exec, compared with their committed expected-results files: any verdict change fails. Each failing verdict in those
/// files was checked against its bytes and the RFC by hand (see the comments at the top of each file).
/// </summary>
[Collection(LiveTargets.Name)]
public sealed class RealProxyTests
{
    private static string ExpectedFile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "cannot find the repository root above " + AppContext.BaseDirectory);
        return Path.Combine(dir!.FullName, "spec", "Sockspec.Spec.Tests", "Expected", name);
    }

    private static async Task AssertMatches(ITarget target, string expectedFile)
    {
        var runner = new SuiteRunner(new RunOptions());
        TargetReport report;
        await using (target) report = await runner.RunAsync(Suite.All, target, CancellationToken.None);
        var diffs = ExpectFile.Compare(ExpectFile.Read(ExpectedFile(expectedFile)), report.Results, wholeSuite: true);
        var detail = diffs.Select(d => d + ": " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual);
        Assert.True(diffs.Count == 0, $"{diffs.Count} verdict(s) differ from {expectedFile}:\n" + string.Join("\n", detail));
    }

    private static void RequireInstalled(string path) =>
        Assert.True(File.Exists(path), $"{path} is not installed (scripts/setup.sh installs it)");

    [Fact]
    public async Task Microsocks_verdicts_match_its_expected_results()
    {
        RequireInstalled("/usr/bin/microsocks");
        await AssertMatches(new ExecTarget("microsocks -i 127.0.0.1 -p {port}", null, TimeSpan.FromSeconds(10)), "microsocks.expect");
    }

    [Fact]
    public async Task Dante_verdicts_match_its_expected_results()
    {
        RequireInstalled("/usr/sbin/danted");
        int port = FreePort();
        var config = Path.Combine(Path.GetTempPath(), $"sockspec-danted-{Guid.NewGuid():N}.conf");
        // CONNECT, BIND and UDP ASSOCIATE between loopback addresses, no authentication, one process.
        File.WriteAllText(config, $"""
            logoutput: stderr
            internal: 127.0.0.1 port = {port}
            external: 127.0.0.1
            clientmethod: none
            socksmethod: none
            user.privileged: root
            user.unprivileged: nobody
            client pass {"{"} from: 127.0.0.0/8 to: 0.0.0.0/0 {"}"}
            socks pass {"{"} from: 127.0.0.0/8 to: 0.0.0.0/0 command: bind connect udpassociate bindreply udpreply {"}"}
            """);
        try
        {
            await AssertMatches(new ExecTarget($"danted -f {config} -N 1", new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(10)), "dante.expect");
        }
        finally
        {
            File.Delete(config);
        }
    }

    private static int FreePort()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }
}
