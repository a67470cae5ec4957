using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Docker.Tests;

/// <summary>
/// `sockspec roster list|start`, which vectors/record-all.sh starts the roster's servers through: the listing carries
/// what a script needs (how each entry runs, its credentials, its described version), and a started entry answers
/// SOCKS with the roster's credentials, stops on SIGTERM with exit 0, and reports its own death with exit 1.
/// </summary>
public sealed class RosterCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_listing_has_every_server_with_how_it_runs_and_its_credentials()
    {
        var (code, stdout, stderr, _) = await SockspecProcess.RunAsync(Limit, "roster", "list", "--kind", "server");
        Assert.True(code == 0, $"exit {code}\n{stderr}");
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        Assert.All(rows, r => Assert.Equal("server", r[1]));
        var byName = rows.ToDictionary(r => r[0]);
        Assert.Equal(["embedded", "", ""], byName["reference"][2..5]);
        Assert.Equal(["embedded", "sockspec", "sockspec"], byName["reference-username"][2..5]);
        Assert.Equal(["local process", "sockspec", "sockspec"], byName["dante-username"][2..5]);
        Assert.Equal("local process", byName["ssh"][2]);
        Assert.StartsWith("microsocks ", byName["microsocks"][5], StringComparison.Ordinal);
        Assert.DoesNotContain("{version}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_started_entry_answers_with_the_roster_credentials_and_stops_on_sigterm()
    {
        using var p = Streaming("roster", "start", "reference-username");
        var endPoint = await ListeningAsync(p);

        var client = new SocksClient(endPoint, SocksVersion.Socks5) { Timeout = TimeSpan.FromSeconds(5) };
        using (var echo = new TcpListener(IPAddress.Loopback, 0))
        {
            echo.Start();
            int port = ((IPEndPoint)echo.LocalEndpoint).Port;
            // Without the roster's credentials the entry refuses; with them it connects.
            await Assert.ThrowsAsync<SocksProtocolException>(() => client.ConnectAsync("127.0.0.1", port));
            client = new SocksClient(endPoint, SocksVersion.Socks5) { UserName = "sockspec", Password = "sockspec", Timeout = TimeSpan.FromSeconds(5) };
            using var connection = await client.ConnectAsync("127.0.0.1", port);
        }

        Signal(p, "TERM");
        Assert.True(p.WaitForExit(15_000), "still running 15 s after SIGTERM");
        Assert.Equal(0, p.ExitCode);
    }

    [DockerFact]
    public async Task The_container_form_answers_too_and_is_removed_on_sigterm()
    {
        await DockerEngine.EnsureImagesAsync(CancellationToken.None, DockerEngine.ProxyImage);
        using var p = Streaming("roster", "start", "microsocks-username", "--container");
        var endPoint = await ListeningAsync(p);
        string pid = p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(await DockerEngine.ListByLabelAsync("sockspec.pid", pid, CancellationToken.None));
        using (var echo = new TcpListener(IPAddress.Loopback, 0))
        {
            echo.Start();
            var client = new SocksClient(endPoint, SocksVersion.Socks5) { UserName = "sockspec", Password = "sockspec", Timeout = TimeSpan.FromSeconds(5) };
            using var connection = await client.ConnectAsync("127.0.0.1", ((IPEndPoint)echo.LocalEndpoint).Port);
        }
        Signal(p, "TERM");
        Assert.True(p.WaitForExit(30_000), "still running 30 s after SIGTERM");
        Assert.Equal(0, p.ExitCode);
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.pid", pid, CancellationToken.None));
    }

    [Fact]
    public async Task An_entry_that_dies_after_starting_exits_1_naming_it()
    {
        using var dir = new TempDir();
        var roster = Path.Combine(dir.Path, "roster.json");
        await File.WriteAllTextAsync(roster, """{ "targets": [ { "name": "short-lived", "exec": "timeout 2 microsocks -i 127.0.0.1 -p {port}" } ] }""");
        using var p = Streaming("roster", "start", "--targets", roster, "short-lived");
        await ListeningAsync(p);
        Assert.True(p.WaitForExit(15_000), "still running 15 s after its proxy died");
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("short-lived", await p.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_the_roster_lacks_or_an_address_entry_is_a_usage_error()
    {
        var (code, _, stderr, _) = await SockspecProcess.RunAsync(Limit, "roster", "start", "no-such-entry");
        Assert.Equal(2, code);
        Assert.Contains("dante-noauth", stderr, StringComparison.Ordinal);

        using var dir = new TempDir();
        var roster = Path.Combine(dir.Path, "roster.json");
        await File.WriteAllTextAsync(roster, """{ "targets": [ { "name": "remote", "address": "127.0.0.1:1080" } ] }""");
        (code, _, stderr, _) = await SockspecProcess.RunAsync(Limit, "roster", "start", "--targets", roster, "remote");
        Assert.Equal(2, code);
        Assert.Contains("nothing to start", stderr, StringComparison.Ordinal);
    }

    /// <summary>sockspec with its stdout read line by line (SockspecProcess reads it to the end).</summary>
    private static Process Streaming(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sockspec.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOCKER_HOST"] = DockerEngine.Endpoint.ToString();
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
    }

    private static async Task<IPEndPoint> ListeningAsync(Process p)
    {
        using var cts = new CancellationTokenSource(Limit);
        var line = await p.StandardOutput.ReadLineAsync(cts.Token);
        Assert.True(line is not null && line.StartsWith("listening on ", StringComparison.Ordinal), $"first line: {line}");
        return IPEndPoint.Parse(line["listening on ".Length..]);
    }

    private static void Signal(Process p, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(5000);
    }
}
