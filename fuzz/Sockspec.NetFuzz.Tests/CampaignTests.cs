using Sockspec.Targets;

namespace Sockspec.NetFuzz.Tests;

public sealed class CampaignTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("netfuzz-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    // A SOCKS4 request with a command other than CONNECT or BIND "crashes" this proxy.
    private static FakeProxyTarget.Behaviour CrashOnSocks4BadCommand(byte[] d) =>
        d.Length >= 2 && d[0] == 4 && d[1] is not (1 or 2) ? FakeProxyTarget.Behaviour.Crash : FakeProxyTarget.Behaviour.Close;

    private FuzzOptions Options(int seconds) => new()
    {
        Duration = TimeSpan.FromSeconds(seconds),
        Seed = 11,
        OutDir = _out,
        Concurrency = 8,
        HangDeadline = TimeSpan.FromMilliseconds(300),
        MinimiseAttempts = 60,
        MinimiseBudget = TimeSpan.FromSeconds(10),
        MaxFindings = 1,
    };

    [Fact]
    public async Task A_crashing_proxy_is_found_minimised_saved_and_replayed()
    {
        var fake = new FakeProxyTarget(CrashOnSocks4BadCommand);
        await using (fake)
        {
            await fake.StartAsync(CancellationToken.None);
            var summary = await new FuzzCampaign(fake, Options(20), TextWriter.Null).RunAsync(CancellationToken.None);

            var f = Assert.Single(summary.Findings);
            Assert.Equal(FindingKind.Crash, f.Kind);
            Assert.NotNull(f.Minimised);
            Assert.Equal(2, f.Minimised!.Bytes.Length);
            Assert.Equal(4, f.Minimised.Bytes[0]);
            Assert.True(File.Exists(f.ReproducerPath));
            Assert.Null(fake.Crashed); // restarted after the finding
        }

        var saved = Reproducer.Read(Assert.Single(Directory.GetFiles(_out)));
        Assert.StartsWith("sockspec fuzz --replay ", saved.Replay, StringComparison.Ordinal);
        await using var fresh = new FakeProxyTarget(CrashOnSocks4BadCommand);
        await fresh.StartAsync(CancellationToken.None);
        var replayed = await Replayer.ReplayAsync(fresh, saved, Options(1), TextWriter.Null, CancellationToken.None);
        Assert.Equal(FindingKind.Crash, replayed?.Kind);
        Assert.Equal(1, fresh.Crashes);
    }

    [Fact]
    public async Task Replaying_against_a_healthy_proxy_reproduces_nothing()
    {
        var path = Path.Combine(_out, "r.json");
        new Reproducer("Crash", "x", "0403", [], 0, 1, "#1", "0403", [], "").Write(path);
        await using var healthy = new FakeProxyTarget(_ => FakeProxyTarget.Behaviour.Close);
        await healthy.StartAsync(CancellationToken.None);
        Assert.Null(await Replayer.ReplayAsync(healthy, Reproducer.Read(path), Options(1), TextWriter.Null, CancellationToken.None));
    }

    [Fact]
    public async Task A_proxy_that_goes_silent_is_a_hang()
    {
        await using var fake = new FakeProxyTarget(d => d.Length >= 1 && d[0] == 4 ? FakeProxyTarget.Behaviour.Hang : FakeProxyTarget.Behaviour.Close);
        await fake.StartAsync(CancellationToken.None);
        var summary = await new FuzzCampaign(fake, Options(20), TextWriter.Null).RunAsync(CancellationToken.None);

        var f = Assert.Single(summary.Findings);
        Assert.Equal(FindingKind.Hang, f.Kind);
        Assert.Equal(4, f.Minimised!.Bytes[0]);
        Assert.True(File.Exists(f.ReproducerPath));
    }

    [Fact]
    public async Task The_reference_proxy_has_no_findings_in_a_short_run()
    {
        await using var reference = new ReferenceTarget(null);
        await reference.StartAsync(CancellationToken.None);
        var summary = await new FuzzCampaign(reference, Options(5) with { Concurrency = 16, HangDeadline = TimeSpan.FromSeconds(2) }, TextWriter.Null)
            .RunAsync(CancellationToken.None);

        Assert.Empty(summary.Findings);
        Assert.True(summary.Cases > 500, $"only {summary.Cases} cases");
    }
}
