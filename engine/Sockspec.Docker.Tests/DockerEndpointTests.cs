using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sockspec.Targets.Docker;

namespace Sockspec.Docker.Tests;

/// <summary>Endpoint resolution, and engines that cannot be reached: these need no Docker engine.</summary>
public sealed class DockerEndpointTests
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public void Resolve_PrefersTheExplicitUri_ThenDockerHost_ThenTheDefaultSocket()
    {
        var explicitUri = new Uri("unix:///run/explicit.sock");
        Assert.Equal(explicitUri, DockerEndpoint.Resolve(explicitUri, _ => "unix:///run/env.sock"));
        Assert.Equal(new Uri("unix:///run/env.sock"), DockerEndpoint.Resolve(null, _ => "unix:///run/env.sock"));
        Assert.Equal(new Uri("tcp://127.0.0.1:2375"), DockerEndpoint.Resolve(null, _ => " tcp://127.0.0.1:2375 "));
        Assert.Equal(new Uri(DockerEndpoint.DefaultUri), DockerEndpoint.Resolve(null, _ => null));
        Assert.Equal(new Uri(DockerEndpoint.DefaultUri), DockerEndpoint.Resolve(null, _ => ""));
    }

    [Fact]
    public void Resolve_RejectsADockerHostThatIsNotAUri()
    {
        var error = Assert.Throws<DockerTargetException>(() => DockerEndpoint.Resolve(null, _ => "not a uri"));
        Assert.Contains("DOCKER_HOST 'not a uri' is not a URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingUnixSocket_IsAClearErrorAtOnce()
    {
        var endpoint = new Uri($"unix:///tmp/sockspec-no-engine-{Guid.NewGuid():N}.sock");
        var error = await AssertUnreachableQuicklyAsync(endpoint);
        Assert.Contains($"Docker engine at {endpoint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedTcpPort_IsAClearErrorAtOnce()
    {
        var port = Loopback.FreePort();
        var error = await AssertUnreachableQuicklyAsync(new Uri($"tcp://127.0.0.1:{port}"));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointThatAcceptsButNeverAnswers_FailsAtTheDeadline_NotAHang()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var accepted = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var silent = Task.Run(async () =>
        {
            var held = new List<TcpClient>();
            try
            {
                while (true)
                {
                    held.Add(await listener.AcceptTcpClientAsync(accepted.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                held.ForEach(c => c.Dispose());
            }
        });

        var error = await AssertUnreachableQuicklyAsync(new Uri($"tcp://127.0.0.1:{port}"));
        Assert.Contains("no answer from the Docker engine within 2 s", error.Message, StringComparison.Ordinal);
        await accepted.CancelAsync();
        await silent;
    }

    [Fact]
    public async Task ContainerTarget_WithAnUnreachableEndpoint_FailsBeforeCreatingAnything()
    {
        var endpoint = new Uri($"unix:///tmp/sockspec-no-engine-{Guid.NewGuid():N}.sock");
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DockerTargetException>(() => ContainerTarget.StartAsync(
            new ContainerTargetOptions { Image = "sockspec/microsocks", ProxyPort = 1080, Endpoint = endpoint, ConnectTimeout = ConnectTimeout }));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("scripts/dockerd.sh start", error.Message, StringComparison.Ordinal);
    }

    private static async Task<DockerTargetException> AssertUnreachableQuicklyAsync(Uri endpoint)
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<DockerTargetException>(
            () => DockerEndpoint.ConnectAsync(endpoint, ConnectTimeout, CancellationToken.None));
        Assert.True(clock.Elapsed < ConnectTimeout + TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        return error;
    }
}
