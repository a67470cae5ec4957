using System.Text.Json;
using Xunit.Abstractions;

namespace Sockspec.Docker.Tests;

/// <summary>
/// The container targets' proxies as local processes (`sockspec run --exec engine/targets/NAME/start.sh {port}`): the
/// same scripts the images run, so these run wherever the Debian packages are installed, with or without a Docker
/// engine; and the errors `--docker` gives when no engine answers.
/// </summary>
// One sockspec run at a time: each is a whole suite run, and two at once on two cores make them slow and noisy.
[Collection("sockspec run")]
public sealed class LocalProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Microsocks_as_a_local_process_runs_the_suite_with_its_output_in_the_report()
    {
        output.WriteLine("mode: local process (--exec), no Docker engine involved");
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "r.json");
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(
            Limit, "run", "--exec", "engine/targets/microsocks/start.sh {port}", "--cases", "rfc1928/3/*", "--json", json);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var log = report.RootElement.GetProperty("targetLog").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(log, l => l.StartsWith("stderr: client[", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_proxy_that_dies_mid_run_is_a_finding_and_is_restarted()
    {
        output.WriteLine("mode: local process (--exec), no Docker engine involved");
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "r.json");
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(
            Limit, "run", "--exec", "timeout 1 microsocks -i 127.0.0.1 -p {port}", "--concurrency", "4", "--json", json);
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var log = report.RootElement.GetProperty("targetLog").EnumerateArray().Select(l => l.GetString()!).ToList();
        foreach (var m in DeathReport.AssertDeathIsAFinding(report, $"{stdout}\n{stderr}")) output.WriteLine(m);
        Assert.Contains(log, l => l.StartsWith("restarting after:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_matrix_run_shows_a_dead_target_in_its_column_and_still_runs_the_others()
    {
        output.WriteLine("mode: --targets with two local processes, the first of which dies mid-run");
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "targets.json");
        await File.WriteAllTextAsync(file, """
            { "targets": [
                { "name": "dies", "exec": "timeout 1 microsocks -i 127.0.0.1 -p {port}" },
                { "name": "healthy", "exec": "engine/targets/microsocks/start.sh {port}" }
            ] }
            """);
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(
            Limit, "run", "--targets", file, "--out", dir.Path, "--concurrency", "4");
        var story = $"exit {code}\n{stdout}\n{stderr}";
        Assert.True(code == 1, story);
        Assert.Contains("FINDING (target-died)", stdout, StringComparison.Ordinal);
        using (var dies = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "dies.json"))))
            foreach (var m in DeathReport.AssertDeathIsAFinding(dies, story)) output.WriteLine(m);
        // The healthy target after it ran its whole suite, with no finding of its own.
        using (var healthy = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "healthy.json"))))
        {
            Assert.Empty(healthy.RootElement.GetProperty("findings").EnumerateArray());
            Assert.True(healthy.RootElement.GetProperty("cases").GetArrayLength() > 100, story);
        }
        var index = await File.ReadAllTextAsync(Path.Combine(dir.Path, "index.html"));
        Assert.Contains("<a class=\"finding-badge\" href=\"#target-0\">target died</a>", index, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#target-1\">target died", index, StringComparison.Ordinal);
        // Every case page of the matrix names what its requirements say (resolved into the results by the run).
        var pages = Directory.GetFiles(Path.Combine(dir.Path, "cases"), "*.html");
        Assert.True(pages.Length > 100, story);
        Assert.All(pages, p => Assert.DoesNotContain("(no text available)", File.ReadAllText(p), StringComparison.Ordinal));
        Assert.Contains("RFC 1928 §3", await File.ReadAllTextAsync(Path.Combine(dir.Path, "cases", "rfc1928_3_standard-offer.html")), StringComparison.Ordinal);
        using var healthyJson = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Path, "healthy.json")));
        Assert.All(healthyJson.RootElement.GetProperty("cases").EnumerateArray(), c =>
            Assert.Equal(c.GetProperty("requirements").GetArrayLength(), c.GetProperty("requirementTexts").EnumerateObject().Count()));
    }

    [Fact]
    public async Task An_unreachable_docker_endpoint_is_a_setup_error_naming_it()
    {
        output.WriteLine("mode: no Docker engine needed (the endpoint is deliberately absent)");
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(
            Limit, "run", "--docker", DockerEngine.ProxyImage, "--docker-cmd", "{port}", "--docker-host", "unix:///nonexistent/sockspec-docker.sock");
        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("unix:///nonexistent/sockspec-docker.sock", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_targets_file_is_a_usage_error()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "targets.json");
        await File.WriteAllTextAsync(file, """{ "targets": [ { "name": "../escape", "address": "127.0.0.1:1" } ] }""");
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(Limit, "run", "--targets", file, "--out", dir.Path);
        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("may hold only letters", stderr, StringComparison.Ordinal);
    }
}
