using System.Net.Sockets;
using System.Text;
using Sockspec.Targets.Docker;

namespace Sockspec.Docker.Tests;

/// <summary>
/// <see cref="ContainerTarget"/> against the real engine, with the FROM-scratch images of engine/targets. Every test
/// labels its containers with its own id and checks at the end that none is left, whatever happened.
/// </summary>
public sealed class ContainerTargetTests
{
    private static readonly TimeSpan TestDeadline = TimeSpan.FromSeconds(90);

    // Warnings from dispose (a stop or remove that failed); xunit makes a new instance per test.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> warnings = new();

    [DockerFact]
    public async Task Lifecycle_StartsWaitsRelaysSocks5ExposesLogsAndRemovesEverything()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.ProxyImage);
        var testId = Guid.NewGuid().ToString("N");
        var (echoPort, echo) = Loopback.StartEcho(cts.Token);

        string name;
        await using (var target = await ContainerTarget.StartAsync(Options(DockerEngine.ProxyImage, testId, Loopback.FreePort()), cts.Token))
        {
            name = target.Name;
            Assert.NotNull(target.Id);
            Assert.True(await target.IsRunningAsync(cts.Token));
            Assert.Single(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));

            using var client = new TcpClient();
            await client.ConnectAsync(target.EndPoint, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 5, 1, 0 }, cts.Token);
            Assert.Equal(new byte[] { 5, 0 }, await Loopback.ReadExactlyAsync(stream, 2, cts.Token));
            await stream.WriteAsync(new byte[] { 5, 1, 0, 1, 127, 0, 0, 1, (byte)(echoPort >> 8), (byte)echoPort }, cts.Token);
            var reply = await Loopback.ReadExactlyAsync(stream, 10, cts.Token);
            Assert.Equal(5, reply[0]);
            Assert.Equal(0, reply[1]);
            Assert.Equal(1, reply[3]);
            var payload = Encoding.ASCII.GetBytes("through the container");
            await stream.WriteAsync(payload, cts.Token);
            Assert.Equal(payload, await Loopback.ReadExactlyAsync(stream, payload.Length, cts.Token));
            client.Close();

            var logs = await WaitForLogAsync(target, $"connected to 127.0.0.1:{echoPort}", cts.Token);
            Assert.Contains($"connected to 127.0.0.1:{echoPort}", logs, StringComparison.Ordinal);
            var status = await target.GetStatusAsync(cts.Token);
            Assert.True(status.Running);
            Assert.False(status.DiedSince(status));
        }

        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
        Assert.Empty(warnings);
        Assert.StartsWith("sockspec-", name, StringComparison.Ordinal);
        await cts.CancelAsync();
        await echo;
    }

    [DockerFact]
    public async Task ContainerThatNeverOpensItsPort_FailsWithItsLastLogLines_AndIsRemoved()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.TestImage);
        var testId = Guid.NewGuid().ToString("N");
        var port = Loopback.FreePort();
        var options = Options(DockerEngine.TestImage, testId, port) with
        {
            Command = [port.ToString(), "60", "silent"],
            StartTimeout = TimeSpan.FromSeconds(3),
        };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DockerTargetException>(() => ContainerTarget.StartAsync(options, cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Contains($"did not accept on 127.0.0.1:{port} within 3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains($"testproxy: port {port}, exiting in 60s", error.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
    }

    [DockerFact]
    public async Task ContainerThatExitsBeforeListening_FailsAtOnceWithExitCode_AndIsRemoved()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.TestImage);
        var testId = Guid.NewGuid().ToString("N");
        var port = Loopback.FreePort();
        var options = Options(DockerEngine.TestImage, testId, port) with { Command = [port.ToString(), "0", "silent"] };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DockerTargetException>(() => ContainerTarget.StartAsync(options, cts.Token));
        Assert.True(clock.Elapsed < options.StartTimeout, $"waited {clock.Elapsed} for a container that had exited");
        Assert.Contains("exited before it accepted", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("testproxy: exiting with status 3", error.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
    }

    [DockerFact]
    public async Task CrashMidRun_IsDetected_AndRestartBringsTheProxyBack()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.TestImage);
        var testId = Guid.NewGuid().ToString("N");
        var port = Loopback.FreePort();
        var options = Options(DockerEngine.TestImage, testId, port) with { Command = [port.ToString(), "3", "listen"] };

        await using (var target = await ContainerTarget.StartAsync(options, cts.Token))
        {
            var before = await target.GetStatusAsync(cts.Token);
            Assert.True(before.Running);

            var after = await WaitUntilAsync(target, s => !s.Running, cts.Token);
            Assert.Equal(3, after.ExitCode);
            Assert.True(after.DiedSince(before));
            Assert.Contains("testproxy: exiting with status 3", await target.GetLogsAsync(5, cts.Token), StringComparison.Ordinal);
            Assert.False(await target.IsRunningAsync(cts.Token));

            await target.RestartAsync(cts.Token);
            var restarted = await target.GetStatusAsync(cts.Token);
            Assert.True(restarted.Running);
            Assert.NotEqual(before.StartedAt, restarted.StartedAt);
            Assert.True(restarted.DiedSince(before));
            using var client = new TcpClient();
            await client.ConnectAsync(target.EndPoint, cts.Token);
            await client.GetStream().WriteAsync(new byte[] { 5, 1, 0 }, cts.Token);
            Assert.Equal(new byte[] { 5, 0 }, await Loopback.ReadExactlyAsync(client.GetStream(), 2, cts.Token));
        }

        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
        Assert.Empty(warnings);
    }

    [DockerFact]
    public async Task MissingImage_IsAClearError_AndNothingIsCreated()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        DockerEngine.Require();
        var testId = Guid.NewGuid().ToString("N");
        var image = $"sockspec/not-built-{testId}";

        var error = await Assert.ThrowsAsync<DockerTargetException>(
            () => ContainerTarget.StartAsync(Options(image, testId, Loopback.FreePort()), cts.Token));
        Assert.Equal(
            $"image {image} not found locally; build it with engine/targets/build-images.sh (sockspec never pulls images)",
            error.Message);
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
    }

    [DockerFact]
    public async Task CancellationWhileWaitingForThePort_RemovesTheContainer()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.TestImage);
        var testId = Guid.NewGuid().ToString("N");
        var port = Loopback.FreePort();
        var options = Options(DockerEngine.TestImage, testId, port) with { Command = [port.ToString(), "60", "silent"] };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        cancel.CancelAfter(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ContainerTarget.StartAsync(options, cancel.Token));
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
    }

    [DockerFact]
    public async Task PortAlreadyInUse_IsRefusedBeforeAnythingStarts()
    {
        using var cts = new CancellationTokenSource(TestDeadline);
        await DockerEngine.EnsureImagesAsync(cts.Token, DockerEngine.ProxyImage);
        var testId = Guid.NewGuid().ToString("N");
        var (busyPort, echo) = Loopback.StartEcho(cts.Token);

        var error = await Assert.ThrowsAsync<DockerTargetException>(
            () => ContainerTarget.StartAsync(Options(DockerEngine.ProxyImage, testId, busyPort), cts.Token));
        Assert.Contains($"port {busyPort} on 127.0.0.1 already accepts connections", error.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerEngine.ListByLabelAsync("sockspec.test", testId, cts.Token));
        await cts.CancelAsync();
        await echo;
    }

    private ContainerTargetOptions Options(string image, string testId, int port) => new()
    {
        Image = image,
        ProxyPort = port,
        Command = [port.ToString()],
        Endpoint = DockerEngine.Endpoint,
        StartTimeout = TimeSpan.FromSeconds(20),
        Labels = new Dictionary<string, string> { ["sockspec.test"] = testId },
        Warn = warnings.Enqueue,
    };

    private static async Task<string> WaitForLogAsync(ContainerTarget target, string text, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            var logs = await target.GetLogsAsync(cancellationToken: cancellationToken);
            if (logs.Contains(text, StringComparison.Ordinal) || deadline.IsCancellationRequested)
            {
                return logs;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<ContainerStatus> WaitUntilAsync(
        ContainerTarget target, Func<ContainerStatus, bool> condition, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            var status = await target.GetStatusAsync(cancellationToken);
            if (condition(status))
            {
                return status;
            }

            Assert.False(deadline.IsCancellationRequested, $"condition not reached within 20 s; last status: {status}");
            await Task.Delay(100, cancellationToken);
        }
    }
}
