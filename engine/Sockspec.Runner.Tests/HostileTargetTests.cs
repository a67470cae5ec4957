using System.Text.Json;
using Sockspec.Reports;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Runner.Tests;

/// <summary>
/// Issue 13 §4: whatever a target does, the run ends, fails, keeps its memory bounded and still writes every report.
/// Each behaviour is an in-process scripted target (<see cref="ScriptedTargets"/>); deadlines are short so that the
/// slow ones (silence, a trickle) cost seconds. The budget in time and RSS is measured by scripts/hostile-budget.sh.
/// </summary>
public sealed class HostileTargetTests
{
    private static readonly RunOptions Short = new()
    {
        Timeout = TimeSpan.FromSeconds(1),
        CaseLimit = TimeSpan.FromSeconds(4),
        RunLimit = TimeSpan.FromSeconds(40),
        Concurrency = 4,
    };

    /// <summary>Guards the test itself: a run that needs this has already failed (its own deadline is 40 s).</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("flood", "sent 64 KiB of bytes that are not a SOCKS reply")]
    [InlineData("silent", "never answered")]
    [InlineData("rst", "closed every connection at once")]
    [InlineData("fin", "closed every connection at once")]
    [InlineData("random", "that are not a SOCKS reply")]
    [InlineData("trickle", "that are not a SOCKS reply")]
    public async Task A_target_that_speaks_no_SOCKS_ends_the_run_with_one_message_and_every_case_blocked(string behaviour, string says)
    {
        await using var server = new LoopbackServer(ScriptedTargets.Hostile(behaviour));
        var report = await RunAsync(server);

        var finding = Assert.Single(report.Findings);
        Assert.Equal(RunFindingKind.NoSocksServer, finding.Kind);
        Assert.StartsWith($"no SOCKS server at {server.EndPoint}: ", finding.Message);
        Assert.Contains(says, finding.Message);
        Assert.True(report.Failed);
        Assert.All(report.Results.Where(r => !r.CaseId.StartsWith("probe/", StringComparison.Ordinal)),
            r => Assert.Equal((Verdict.Blocked, "blocked: " + finding.Message), (r.Verdict, r.Actual)));
        Directory.Delete(AssertReports(report, behaviour), recursive: true);
    }

    [Fact]
    public async Task Nothing_listening_is_a_failed_run_saying_it_refused_connections_not_a_setup_error()
    {
        var server = new LoopbackServer(ScriptedTargets.Hostile("fin"));
        var closed = server.EndPoint;
        await server.DisposeAsync();
        await using var target = new EndpointTarget(closed);
        var report = await new SuiteRunner(Short).RunAsync(TestCases.Mix(2), target, CancellationToken.None).WaitAsync(Hang);
        var finding = Assert.Single(report.Findings);
        Assert.Equal($"no SOCKS server at {closed}: it refused connections", finding.Message);
        Assert.True(report.Failed);
        Directory.Delete(AssertReports(report, "refused"), recursive: true);
    }

    [Fact]
    public async Task A_success_reply_with_a_255_octet_domain_then_a_flood_fails_with_bounded_traces()
    {
        await using var server = new LoopbackServer(ScriptedTargets.Hostile("bnd-flood"));
        var report = await RunAsync(server);

        Assert.True(report.Failed);
        Assert.Contains(report.Results, r => r.CaseId.StartsWith("test/", StringComparison.Ordinal) && r.Verdict == Verdict.Fail);
        foreach (var r in report.Results)
        {
            Assert.InRange(r.Trace.Count, 0, WireTrace.MaxEvents + 1);
            Assert.InRange(r.Trace.Sum(e => e.Data.Length), 0, WireTrace.MaxBytes);
        }
        // The flood is in the traces as its first and last bytes with the count left out between them.
        Assert.Contains(report.Results.SelectMany(r => r.Trace), e => e.Note is not null && e.Note.EndsWith("bytes elided …", StringComparison.Ordinal));
        Directory.Delete(AssertReports(report, "bnd-flood"), recursive: true);
    }

    [Fact]
    public async Task Markup_and_script_in_every_field_reach_the_HTML_only_escaped()
    {
        await using var server = new LoopbackServer(ScriptedTargets.Hostile("markup"));
        var report = await RunAsync(server);

        Assert.True(report.Failed);
        var dir = AssertReports(report, "markup");
        var pages = Directory.GetFiles(dir, "*.html", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.All(pages, p => Assert.DoesNotContain("<script", p, StringComparison.OrdinalIgnoreCase));
        Assert.All(pages, p => Assert.DoesNotContain("<img", p, StringComparison.OrdinalIgnoreCase));
        // The target's text is there, as text: in the actual of some case (BND domain) and in the hex dump's ASCII column.
        Assert.Contains(pages, p => p.Contains("&lt;script&gt;alert(", StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    private static async Task<TargetReport> RunAsync(LoopbackServer server)
    {
        await using var target = new EndpointTarget(server.EndPoint);
        var runner = new SuiteRunner(Short);
        return await runner.RunAsync(TestCases.Mix(8), target, CancellationToken.None).WaitAsync(Hang);
    }

    /// <summary>Writes the HTML, JSON and JUnit reports and checks each says the run failed; returns the HTML folder.</summary>
    private static string AssertReports(TargetReport report, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sockspec-hostile-" + name + "-" + Guid.NewGuid().ToString("N")[..8]);
        HtmlReport.Write([report], dir);
        JsonReport.Write(report, Path.Combine(dir, "report.json"));
        JUnitReport.Write(report, Path.Combine(dir, "junit.xml"));

        var index = File.ReadAllText(Path.Combine(dir, "index.html"));
        foreach (var f in report.Findings) Assert.Contains("class=\"finding\"", index);
        long htmlBytes = Directory.GetFiles(dir, "*.html", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(htmlBytes, 1, 64L * 1024 * 1024);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        Assert.True(json.RootElement.GetProperty("failed").GetBoolean());
        Assert.Equal(report.Findings.Count, json.RootElement.GetProperty("findings").GetArrayLength());

        var junit = File.ReadAllText(Path.Combine(dir, "junit.xml"));
        Assert.Matches("<(failure|error) ", junit);
        return dir;
    }
}
