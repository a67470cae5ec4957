using System.Globalization;

namespace Sockspec.Proxy.Tests;

/// <summary>One `sockspec serve` without and one with username/password, shared by the real-client tests.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    internal ServeProcess Open { get; private set; } = null!;

    internal ServeProcess Authed { get; private set; } = null!;

    internal HttpResponder Http { get; } = new();

    public async Task InitializeAsync()
    {
        Open = await ServeProcess.StartAsync();
        Authed = await ServeProcess.StartAsync("--user", "alice", "--password", "s3cret-pw");
    }

    public async Task DisposeAsync()
    {
        await Open.DisposeAsync();
        await Authed.DisposeAsync();
        await Http.DisposeAsync();
    }
}

/// <summary>curl and ncat through `sockspec serve`, to a local HTTP responder. Fails (not skips) without the binaries.</summary>
public class RealClientTests(ServeFixture f) : IClassFixture<ServeFixture>
{
    private string Url(string host = "127.0.0.1") => $"http://{host}:{f.Http.Port}/";

    private static string[] Curl(string mode, int proxyPort, string url, string? auth = null) =>
    [
        "-sS", "--max-time", "10", $"--{mode}", $"127.0.0.1:{proxyPort}", .. auth is null ? Array.Empty<string>() : ["-U", auth], url,
    ];

    [Theory]
    [InlineData("socks4", "127.0.0.1")]
    [InlineData("socks4a", "localhost")]
    [InlineData("socks5", "127.0.0.1")]
    [InlineData("socks5-hostname", "localhost")]
    public async Task Curl_fetches_through_the_proxy_without_authentication(string mode, string host)
    {
        var (exit, stdout, stderr) = await Tool.RunAsync("curl", Curl(mode, f.Open.Port, Url(host)));
        Assert.True(exit == 0, $"curl exit {exit}: {stderr}");
        Assert.Equal(HttpResponder.Body, stdout);
    }

    [Theory]
    [InlineData("socks4", "127.0.0.1")]
    [InlineData("socks4a", "localhost")]
    [InlineData("socks5", "127.0.0.1")]
    [InlineData("socks5-hostname", "localhost")]
    public async Task Curl_fetches_through_the_proxy_with_user_and_password(string mode, string host)
    {
        var (exit, stdout, stderr) = await Tool.RunAsync("curl", Curl(mode, f.Authed.Port, Url(host), "alice:s3cret-pw"));
        Assert.True(exit == 0, $"curl exit {exit}: {stderr}");
        Assert.Equal(HttpResponder.Body, stdout);
        Assert.DoesNotContain("s3cret-pw", f.Authed.Stderr);
    }

    [Theory]
    [InlineData("socks5", "alice:wrong")]
    [InlineData("socks5-hostname", "mallory:s3cret-pw")]
    [InlineData("socks5", null)]
    [InlineData("socks4", "mallory")]
    public async Task Curl_with_a_wrong_password_or_no_credentials_is_refused(string mode, string? auth)
    {
        var (exit, stdout, _) = await Tool.RunAsync("curl", Curl(mode, f.Authed.Port, Url(), auth));
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain(HttpResponder.Body, stdout);
    }

    [Theory]
    [InlineData("socks5", "127.0.0.1", null)]
    [InlineData("socks5", "localhost", null)]
    [InlineData("socks4", "localhost", null)] // --proxy-dns remote makes this SOCKS4a
    [InlineData("socks5", "127.0.0.1", "alice:s3cret-pw")]
    [InlineData("socks4", "127.0.0.1", "alice")]
    public async Task Ncat_talks_through_the_proxy(string type, string host, string? auth)
    {
        var proxy = auth is null ? f.Open : f.Authed;
        string[] args =
        [
            "--proxy", $"127.0.0.1:{proxy.Port}", "--proxy-type", type, "--proxy-dns", "remote",
            .. auth is null ? Array.Empty<string>() : ["--proxy-auth", auth], "-w", "10",
            host, f.Http.Port.ToString(CultureInfo.InvariantCulture),
        ];
        var (exit, stdout, stderr) = await Tool.RunAsync("ncat", args, "GET / HTTP/1.0\r\n\r\n");
        Assert.True(exit == 0, $"ncat exit {exit}: {stderr}");
        Assert.EndsWith(HttpResponder.Body, stdout);
    }

    [Fact]
    public async Task Ncat_with_a_wrong_password_is_refused()
    {
        string[] args =
        [
            "--proxy", $"127.0.0.1:{f.Authed.Port}", "--proxy-type", "socks5", "--proxy-auth", "alice:nope", "-w", "10",
            "127.0.0.1", f.Http.Port.ToString(CultureInfo.InvariantCulture),
        ];
        var (exit, stdout, _) = await Tool.RunAsync("ncat", args, "GET / HTTP/1.0\r\n\r\n");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain(HttpResponder.Body, stdout);
    }

    [Fact]
    public async Task Serve_logs_one_line_per_connection_with_user_and_bytes_but_no_password()
    {
        var (exit, _, stderr) = await Tool.RunAsync("curl", Curl("socks5", f.Authed.Port, Url(), "alice:s3cret-pw"));
        Assert.True(exit == 0, stderr);
        string? line = null;
        for (int i = 0; i < 50 && line is null; i++)
        {
            line = f.Authed.Stderr.Split('\n').LastOrDefault(l => l.Contains("user=alice") && l.Contains("outcome=succeeded"));
            if (line is null) await Task.Delay(100);
        }
        Assert.NotNull(line);
        Assert.Matches(@"client=127\.0\.0\.1:\d+ proto=socks5 method=userpass user=alice cmd=connect dst=127\.0\.0\.1:\d+ outcome=succeeded up=\d+ down=\d+ ms=\d+", line);
        Assert.DoesNotContain("s3cret-pw", f.Authed.Stderr);
    }
}

public class ServeCommandTests
{
    [Fact]
    public async Task Serve_exits_cleanly_on_SIGTERM()
    {
        var serve = await ServeProcess.StartAsync();
        Assert.True(await serve.TerminateAsync(TimeSpan.FromSeconds(10)), "serve did not stop on SIGTERM");
        Assert.True(serve.ExitCode == 0, $"exit code {serve.ExitCode}; stderr: {serve.Stderr}");
        await serve.DisposeAsync();
    }

    [Fact]
    public async Task Serve_refuses_a_public_address_without_authentication_with_exit_2()
    {
        var (exit, _, stderr) = await Tool.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sockspec.dll"), "serve", "--listen", "0.0.0.0:0"]);
        Assert.Equal(2, exit);
        Assert.Contains("open relay", stderr);
    }
}
