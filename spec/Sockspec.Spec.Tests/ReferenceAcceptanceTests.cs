using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Spec.Tests;

/// <summary>Issue 4's acceptance run, under --strict since issue 13: the embedded reference proxy passes every case, with and without a login.</summary>
[Collection(LiveTargets.Name)]
public sealed class ReferenceAcceptanceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_reference_proxy_has_no_failure_and_no_error(bool withCredentials)
    {
        var credentials = withCredentials ? new Credentials("sockspec-user", "sockspec-pass") : null;
        // --strict, as a user gating a correct server would run it: no non-strict verdict may hide behind a default run.
        var runner = new SuiteRunner(new RunOptions { Credentials = credentials, Strict = true });
        await using var target = new ReferenceTarget(credentials);
        var report = await runner.RunAsync(Suite.All, target, CancellationToken.None);

        var bad = report.Results.Where(r => r.Verdict is Verdict.Fail or Verdict.Error or Verdict.NonStrict)
            .Select(r => $"{r.CaseId} {r.Verdict.ToWire()}: {r.Actual}").ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} case(s) not passing:\n" + string.Join("\n", bad));
        Assert.Equal(Suite.All.Count + Probes.First.Count + Probes.Second.Count, report.Results.Count);
        // The features the reference proxy has must all be detected, or whole sections would silently go unsupported.
        var expected = Features.Socks5 | Features.Socks4 | Features.Socks4a | Features.Bind | Features.Udp | Features.Socks4Bind
                       | (withCredentials ? Features.UserPass : Features.NoAuth);
        Assert.Equal(expected, runner.DetectedFeatures & expected);
    }
}
