using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Model;
using Sockspec.Spec;

namespace Sockspec.ClientSpec.Tests;

/// <summary>curl through the harness, case by case, with the verdicts its bytes (checked by hand) call for.</summary>
public class CurlTests
{
    private static readonly ClientSuiteOptions Options = new() { Timeout = TimeSpan.FromSeconds(3), Concurrency = 4 };

    private static async Task<CaseResult> RunAsync(string command, string caseId) =>
        (await ClientSuiteRunner.RunAsync(ClientCatalog.Select([caseId]), new ExecClient(command), Options)).Results.Single();

    [Theory]
    // Well-behaved server: curl fetches.
    [InlineData("socks5h", "client/s5/connect/baseline", Verdict.Pass)]
    [InlineData("socks4", "client/s4/connect/baseline", Verdict.Pass)]
    [InlineData("socks4a", "client/s4a/request/well-formed", Verdict.Pass)]
    // REP X'05' and an unassigned REP are failures for curl (exit 97), with nothing sent after them.
    [InlineData("socks5h", "client/s5/rep/05", Verdict.Pass)]
    [InlineData("socks5h", "client/s5/rep/ff", Verdict.Pass)]
    [InlineData("socks5h", "client/s5/method/no-acceptable-closes", Verdict.Pass)]
    // curl reads at least 10 octets of a reply: an 8-octet reply (1-octet domain BND) leaves it waiting for 2 more.
    [InlineData("socks5h", "client/s5/reply/bnd-domain-1", Verdict.Fail)]
    // curl answers an unoffered X'02' with an RFC 1929 request (01 00 00) instead of refusing.
    [InlineData("socks5h", "client/s5/method/unoffered-userpass", Verdict.Fail)]
    // curl has no handshake timeout of its own below its 300 s connect timeout: a silent server holds it.
    [InlineData("socks5h", "client/s5/reply/silent", Verdict.NonStrict)]
    // A 4a client is not a plain SOCKS4 client: the SOCKS4-only check of DSTIP does not apply, the 4a one does.
    [InlineData("socks4", "client/s4a/request/well-formed", Verdict.Skipped)]
    public async Task Curl_gets_the_verdict_its_bytes_call_for(string scheme, string caseId, Verdict expected)
    {
        var r = await RunAsync($"curl -sS -x {scheme}://{{proxy}} {{target}}", caseId);
        Assert.True(r.Verdict == expected, $"{caseId}: expected {expected.ToWire()}, got {r.Verdict.ToWire()}: {r.Actual}");
        Assert.NotEmpty(r.Trace);
    }

    [Fact]
    public async Task A_command_that_never_contacts_the_proxy_is_an_error_not_a_verdict_about_a_client()
    {
        var r = await RunAsync("true", "client/s5/connect/baseline");
        Assert.Equal(Verdict.Error, r.Verdict);
    }

    [Fact]
    public async Task A_hanging_command_is_killed_at_the_deadline()
    {
        var started = DateTime.UtcNow;
        var r = await RunAsync("sleep 60", "client/s5/connect/baseline");
        Assert.Equal(Verdict.Error, r.Verdict);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        Assert.Contains("deadline", r.Actual);
    }

    [Fact]
    public async Task A_client_that_goes_around_the_proxy_fails()
    {
        var r = await RunAsync("curl -sS --noproxy '*' {target}", "client/s5/connect/baseline");
        Assert.Equal(Verdict.Fail, r.Verdict);
        Assert.Contains("around the proxy", r.Actual);
    }
}
