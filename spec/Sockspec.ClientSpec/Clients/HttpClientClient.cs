using Sockspec.Targets;
using System.Net;
using Sockspec.ClientSpec.Harness;

namespace Sockspec.ClientSpec.Clients;

/// <summary>.NET's HttpClient through WebProxy("socks4|socks4a|socks5://...") run in-process (SocketsHttpHandler's SOCKS code).</summary>
public sealed class HttpClientClient(string scheme, string? user = null, string? password = null) : IClientUnderTest
{
    public static readonly string[] Schemes = ["socks4", "socks4a", "socks5"];

    public string Name => $".NET HttpClient ({scheme}{(user is null ? "" : ", username/password")})";

    public string Reproducer(string caseId) =>
        $"sockspec clients --client httpclient-{scheme}{(user is null ? "" : "-userpass")} --cases '{caseId}'";

    public Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct) => InProcess.RunAsync(run, ct, async token =>
    {
        var proxy = new WebProxy($"{scheme}://{run.Proxy.Address}:{run.Proxy.Port}")
        {
            Credentials = user is null ? null : new NetworkCredential(user, password ?? ""),
        };
        using var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true, PooledConnectionLifetime = TimeSpan.Zero };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(run.TargetUrl, token);
        return await response.Content.ReadAsStringAsync(token);
    });
}
