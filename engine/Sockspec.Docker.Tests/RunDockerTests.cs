using System.Text.Json;
using Xunit.Abstractions;

namespace Sockspec.Docker.Tests;

/// <summary>
/// `sockspec run --docker` and `--targets` end to end: the command as a child process against the real engine and the
/// FROM-scratch images of engine/targets. Each test checks that the containers labelled with the child's pid are gone
/// when it has exited. Without an engine these tests are skipped (they fail under CI=true) and
/// <see cref="LocalProcessTests"/> runs the same targets as local processes.
/// </summary>
// One sockspec run at a time: each is a whole suite run, and two at once on two cores make them slow and noisy.
[Collection("sockspec run")]
public sealed class RunDockerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [DockerFact]
    public async Task Run_docker_starts_the_container_puts_its_log_in_the_report_and_removes_it()
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.ProxyImage);
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "r.json");
        var (code, stdout, stderr, pid) = await SockspecProcess.RunAsync(
            Limit, "run", "--docker", DockerEngine.ProxyImage, "--docker-cmd", "{port}", "--cases", "rfc1928/3/*", "--json", json);
        Mode();
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.StartsWith("docker: sockspec/microsocks", report.RootElement.GetProperty("target").GetString(), StringComparison.Ordinal);
        var log = report.RootElement.GetProperty("targetLog").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(log, l => l.Contains("accepts on 127.0.0.1:", StringComparison.Ordinal));
        // microsocks writes one stderr line per client: the container's own output reached the report.
        Assert.Contains(log, l => l.StartsWith("stderr: client[", StringComparison.Ordinal));
        Assert.Contains(report.RootElement.GetProperty("cases").EnumerateArray(), c => c.GetProperty("verdict").GetString() == "pass");
        await AssertNothingLeftAsync(pid);
    }

    [DockerFact]
    public async Task A_container_that_dies_mid_run_is_a_finding_and_is_restarted_for_the_rest()
    {
        // The test proxy serves SOCKS5 for two seconds, then exits with status 3; few cases at a time keep some waiting.
        // (One second was too short on a loaded CI machine: the container could die before the run's first case.)
        var (report, log, _, _, pid) = await RunDyingContainerAsync("2", "listen");
        using var ownsReport = report;
        Assert.Contains(log, l => l.Contains("the container died during the run", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("container restarted (restart 1)", StringComparison.Ordinal));
        Assert.Contains(log, l => l == "stdout: testproxy: exiting with status 3");
        await AssertNothingLeftAsync(pid);
    }

    [DockerFact]
    public async Task A_container_that_one_case_kills_is_restarted_and_that_case_is_named_with_a_docker_reproducer()
    {
        // The scripted proxy exits 3 on a request whose CMD is X'7F' (rfc1928/4/cmd-7f), while the other §4 cases run beside it.
        var (report, log, stdout, story, pid) = await RunDyingContainerAsync("0", "dies-on", "--cases", "rfc1928/4/*");
        using var ownsReport = report;
        var death = report.RootElement.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "target-died");
        Assert.True(death.GetProperty("culprit").GetString() == "rfc1928/4/cmd-7f", story);
        var reproducer = death.GetProperty("reproducer").GetString()!;
        Assert.Contains("--docker " + DockerEngine.TestImage, reproducer, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("request with CMD 127: dying", StringComparison.Ordinal));
        Assert.Contains("rfc1928/4/cmd-7f", stdout, StringComparison.Ordinal);
        await AssertNothingLeftAsync(pid);
    }

    [DockerFact]
    public async Task A_missing_image_is_a_setup_error_and_is_never_pulled()
    {
        var (code, stdout, stderr, pid) = await SockspecProcess.RunAsync(
            Limit, "run", "--docker", "sockspec/no-such-image:never-built", "--proxy-port", Loopback.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Mode();
        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("sockspec/no-such-image:never-built not found locally", stderr, StringComparison.Ordinal);
        Assert.Contains("never pulls", stderr, StringComparison.Ordinal);
        await AssertNothingLeftAsync(pid);
    }

    [DockerFact]
    public async Task A_container_that_never_opens_its_port_is_a_setup_error_naming_its_last_log_lines()
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.TestImage);
        var (code, stdout, stderr, pid) = await SockspecProcess.RunAsync(
            Limit, "run", "--docker", DockerEngine.TestImage, "--docker-cmd", "{port}", "2", "silent");
        Mode();
        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("exited before it accepted", stderr, StringComparison.Ordinal);
        Assert.Contains("| testproxy: port", stderr, StringComparison.Ordinal);
        await AssertNothingLeftAsync(pid);
    }

    [DockerFact]
    public async Task Ctrl_c_during_a_run_still_stops_and_removes_the_container()
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.ProxyImage);
        using var p = SockspecProcess.Start("run", "--docker", DockerEngine.ProxyImage, "--docker-cmd", "{port}");
        var pid = p.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow + Limit;
        while ((await DockerEngine.ListByLabelAsync("sockspec.pid", pid, CancellationToken.None)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the container never appeared");
            await Task.Delay(100);
        }

        // Into the run proper: the container has started and cases are under way.
        await Task.Delay(1500);
        p.Interrupt();
        var (code, stdout, stderr) = await p.WaitAsync(TimeSpan.FromSeconds(30));
        Mode();
        output.WriteLine($"exit code after SIGINT: {code}");
        Assert.True(code != 0, $"a run interrupted by SIGINT must not report success\n{stdout}\n{stderr}");
        await AssertNothingLeftAsync(p.Pid);
    }

    [DockerFact]
    public async Task A_targets_file_gives_one_matrix_and_json_and_junit_per_target()
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.ProxyImage, "sockspec/dante");
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "targets.json");
        await File.WriteAllTextAsync(file, """
            { "targets": [
                { "name": "microsocks", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"] } },
                { "name": "dante-user", "docker": { "image": "sockspec/dante", "cmd": ["{port}", "username"] },
                  "user": "sockspec", "password": "sockspec", "profile": { "socks4": false } } ] }
            """);
        var outDir = Path.Combine(dir.Path, "matrix");
        var (code, stdout, stderr, pid) = await SockspecProcess.RunAsync(
            Limit, "run", "--targets", file, "--out", outDir, "--cases", "rfc1929/*", "--cases", "socks4/connect/*");
        Mode();
        Assert.True(code is 0 or 1, $"exit {code}\n{stdout}\n{stderr}");
        foreach (var name in new[] { "microsocks", "dante-user" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, name + ".junit.xml")), name + ".junit.xml");
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, name + ".json")));
            Assert.Equal(name, report.RootElement.GetProperty("target").GetString());
        }

        using var dante = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "dante-user.json")));
        var verdicts = dante.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("verdict").GetString());
        // The credentials reached the run (RFC 1929 cases pass), and the profile turned SOCKS4 off (skipped, not probed).
        Assert.Contains(verdicts, v => v.Key.StartsWith("rfc1929/", StringComparison.Ordinal) && v.Value == "pass");
        Assert.All(verdicts.Where(v => v.Key.StartsWith("socks4/", StringComparison.Ordinal)), v => Assert.Equal("skipped", v.Value));
        var index = await File.ReadAllTextAsync(Path.Combine(outDir, "index.html"));
        Assert.Contains("microsocks", index, StringComparison.Ordinal);
        Assert.Contains("dante-user", index, StringComparison.Ordinal);
        await AssertNothingLeftAsync(pid);
    }

    /// <summary>
    /// Runs the suite against a test-proxy container started with <paramref name="proxyArgs"/> (seconds, mode), four
    /// cases at a time; asserts exit 1 and a target-died finding; returns the JSON report and what the run saw.
    /// </summary>
    private async Task<(JsonDocument Report, List<string> Log, string Stdout, string Story, int Pid)> RunDyingContainerAsync(
        string seconds, string mode, params string[] extra)
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.TestImage);
        using var dir = new TempDir();
        var json = Path.Combine(dir.Path, "r.json");
        var (code, stdout, stderr, pid) = await SockspecProcess.RunAsync(
            Limit, ["run", "--docker", DockerEngine.TestImage, "--docker-cmd", "{port}", seconds, mode, .. extra, "--concurrency", "4", "--json", json]);
        Mode();
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var log = report.RootElement.GetProperty("targetLog").EnumerateArray().Select(l => l.GetString()!).ToList();
        var story = $"{stdout}\n{stderr}\ntarget log:\n{string.Join('\n', log)}";
        foreach (var m in DeathReport.AssertDeathIsAFinding(report, story)) output.WriteLine(m);
        return (report, log, stdout, story, pid);
    }

    private void Mode() => output.WriteLine($"mode: Docker engine at {DockerEngine.Endpoint}");

    private static async Task AssertNothingLeftAsync(int pid)
    {
        var left = await DockerEngine.ListByLabelAsync("sockspec.pid", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.True(left.Count == 0, $"containers left behind: {string.Join(", ", left.Select(c => string.Join(',', c.Names) + " " + c.State))}");
    }
}
