using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Spec.Tests;

/// <summary>
/// The suite against real proxies from Debian packages (scripts/setup.sh installs them), started on loopback with
/// --exec by the same start scripts the containers use (engine/targets), compared with the published expected-results
/// files that scripts/acceptance.sh also checks (reports/expected): any verdict change fails. Each failing verdict in
/// those files was checked against its bytes and the RFC by hand (see the comments at the top of each file).
/// </summary>
[Collection(LiveTargets.Name)]
public sealed class RealProxyTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) dir = dir.Parent;
        Assert.True(dir is not null, "cannot find the repository root above " + AppContext.BaseDirectory);
        return Path.Combine([dir!.FullName, .. parts]);
    }

    private static async Task AssertMatches(string startScript, string arguments, string expectName)
    {
        var runner = new SuiteRunner(new RunOptions());
        TargetReport report;
        await using (var target = new ExecTarget($"{RepositoryFile("engine", "targets", startScript, "start.sh")} {{port}} {arguments}", null, TimeSpan.FromSeconds(10)))
            report = await runner.RunAsync(Suite.All, target, CancellationToken.None);
        var expected = RepositoryFile("reports", "expected", expectName + ".expect");
        var diffs = ExpectFile.Compare(ExpectFile.Read(expected), report.Results, wholeSuite: true);
        var detail = diffs.Select(d => d + ": " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual);
        Assert.True(diffs.Count == 0, $"{diffs.Count} verdict(s) differ from {expected}:\n" + string.Join("\n", detail));
    }

    private static void RequireInstalled(string path) =>
        Assert.True(File.Exists(path), $"{path} is not installed (scripts/setup.sh installs it)");

    [Fact]
    public async Task Microsocks_verdicts_match_its_expected_results()
    {
        RequireInstalled("/usr/bin/microsocks");
        await AssertMatches("microsocks", "", "microsocks");
    }

    [Fact]
    public async Task Dante_verdicts_match_its_expected_results()
    {
        RequireInstalled("/usr/sbin/danted");
        await AssertMatches("dante", "noauth", "dante-noauth");
    }
}
