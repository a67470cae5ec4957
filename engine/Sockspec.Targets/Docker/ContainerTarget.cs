using System.Diagnostics;
using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sockspec.Targets.Docker;

/// <summary>
/// A proxy under test running in a Docker container on the host network, with an init process so that a stop is
/// immediate. <see cref="StartAsync"/> returns once the proxy accepts on 127.0.0.1:<see cref="Port"/>; disposing
/// always stops and removes the container, also after errors and cancellation (dispose ignores the caller's token and
/// uses its own deadlines).
/// </summary>
public sealed class ContainerTarget : IAsyncDisposable
{
    /// <summary>Label on every container sockspec creates, so that leftovers can be found.</summary>
    public const string Label = "sockspec.target";

    private const int FailureLogLines = 20;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private readonly DockerClient client;
    private readonly ContainerTargetOptions options;
    private int disposed;

    private ContainerTarget(DockerClient client, ContainerTargetOptions options, Uri endpoint, string name)
    {
        this.client = client;
        this.options = options;
        DockerEndpoint = endpoint;
        Name = name;
    }

    /// <summary>The container's id, once the engine has created it.</summary>
    public string? Id { get; private set; }

    /// <summary>The container's name (sockspec-…), chosen before creation.</summary>
    public string Name { get; }

    public string Image => options.Image;

    public int Port => options.ProxyPort;

    public IPEndPoint EndPoint => new(IPAddress.Loopback, options.ProxyPort);

    public Uri DockerEndpoint { get; }

    private string Ref => Id ?? Name;

    /// <summary>
    /// Creates and starts the container and waits until its port accepts. Never pulls: a missing image is an error.
    /// On any failure, cancellation included, the container is removed before the exception propagates.
    /// </summary>
    public static async Task<ContainerTarget> StartAsync(ContainerTargetOptions options, CancellationToken cancellationToken = default)
    {
        Validate(options);
        var endpoint = Docker.DockerEndpoint.Resolve(options.Endpoint);
        var client = await Docker.DockerEndpoint.ConnectAsync(endpoint, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var target = new ContainerTarget(client, options, endpoint, "sockspec-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await target.EnsureImageAsync(cancellationToken).ConfigureAwait(false);
            // With host networking a port that already accepts would make the readiness check pass for the wrong process.
            if (await PortProbe.AcceptsAsync(options.ProxyPort, ProbeTimeout, cancellationToken).ConfigureAwait(false))
            {
                throw new DockerTargetException(
                    $"port {options.ProxyPort} on 127.0.0.1 already accepts connections before {options.Image} started; choose a free port");
            }

            await target.CreateAsync(cancellationToken).ConfigureAwait(false);
            await target.Call(
                ct => target.client.Containers.StartContainerAsync(target.Ref, new ContainerStartParameters(), ct),
                "start container",
                cancellationToken).ConfigureAwait(false);
            await target.WaitUntilAcceptingAsync(cancellationToken).ConfigureAwait(false);
            return target;
        }
        catch
        {
            await target.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The container's output (stdout and stderr interleaved), the last <paramref name="tailLines"/> lines or all, at most 1 MiB.</summary>
    public Task<string> GetLogsAsync(int? tailLines = null, CancellationToken cancellationToken = default) =>
        Call(ct => ContainerLogs.ReadAsync(client, Ref, tailLines, ct), "read logs", cancellationToken);

    public async Task<ContainerStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var inspect = await Call(ct => client.Containers.InspectContainerAsync(Ref, ct), "inspect container", cancellationToken)
            .ConfigureAwait(false);
        var state = inspect.State;
        return new ContainerStatus(
            state.Status ?? "",
            state.Running,
            state.Restarting,
            state.ExitCode,
            inspect.RestartCount,
            state.OOMKilled,
            state.StartedAt ?? "",
            state.FinishedAt ?? "");
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(cancellationToken).ConfigureAwait(false)).Running;

    /// <summary>Restarts the container (running or exited) and waits until its port accepts again.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await Call(
            ct => client.Containers.RestartContainerAsync(Ref, new ContainerRestartParameters { WaitBeforeKillSeconds = StopSeconds }, ct),
            "restart container",
            cancellationToken).ConfigureAwait(false);
        await WaitUntilAcceptingAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops (SIGTERM, then SIGKILL after the stop timeout) and force-removes the container. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        var stopDeadline = options.StopTimeout + options.ApiTimeout;
        var engineAnswers = true;
        try
        {
            await Bounded.RunAsync(
                ct => client.Containers.StopContainerAsync(Ref, new ContainerStopParameters { WaitBeforeKillSeconds = StopSeconds }, ct),
                stopDeadline,
                $"stop container {Name}",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerTargetException e)
        {
            // The engine did not answer in time: a remove would wait just as long, so say what is left instead.
            engineAnswers = false;
            options.Warn?.Invoke($"{e.Message}; the container may be left behind: docker rm -f {Name}");
        }
        catch (Exception e) when (!IsNotFound(e))
        {
            options.Warn?.Invoke($"stopping container {Name}: {e.Message} (removing it by force)");
        }
        catch (Exception)
        {
            // Never created, or already gone: nothing to stop.
        }

        try
        {
            if (engineAnswers)
            {
                await Bounded.RunAsync(
                    ct => client.Containers.RemoveContainerAsync(Ref, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct),
                    stopDeadline,
                    $"remove container {Name}",
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!IsNotFound(e))
        {
            options.Warn?.Invoke($"removing container {Name}: {e.Message}; remove it by hand (docker rm -f {Name})");
        }
        catch (Exception)
        {
            // Already gone.
        }
        finally
        {
            client.Dispose();
        }
    }

    private uint StopSeconds => (uint)Math.Max(1, Math.Ceiling(options.StopTimeout.TotalSeconds));

    private static void Validate(ContainerTargetOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Image))
        {
            throw new DockerTargetException("no image given");
        }

        if (options.ProxyPort is < 1 or > 65535)
        {
            throw new DockerTargetException($"proxy port {options.ProxyPort} is not in 1-65535");
        }

        foreach (var variable in options.Environment)
        {
            if (variable.IndexOf('=', StringComparison.Ordinal) <= 0)
            {
                throw new DockerTargetException($"environment entry '{variable}' is not KEY=VALUE");
            }
        }
    }

    private static bool IsNotFound(Exception e) =>
        e is DockerContainerNotFoundException || e is DockerApiException { StatusCode: HttpStatusCode.NotFound };

    private async Task EnsureImageAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Call(ct => client.Images.InspectImageAsync(options.Image, ct), "inspect image", cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (e is DockerImageNotFoundException || e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new DockerTargetException(
                $"image {options.Image} not found locally; {options.BuildHint} (sockspec never pulls images)", e);
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(options.Labels)
        {
            [Label] = options.Image,
            ["sockspec.pid"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        var parameters = new CreateContainerParameters
        {
            Name = Name,
            Image = options.Image,
            Cmd = options.Command.Count > 0 ? [.. options.Command] : null,
            Env = [.. options.Environment],
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = "host", Init = true },
        };
        var created = await Call(ct => client.Containers.CreateContainerAsync(parameters, ct), "create container", cancellationToken)
            .ConfigureAwait(false);
        Id = created.ID;
    }

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await PortProbe.AcceptsAsync(options.ProxyPort, ProbeTimeout, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
            if (!status.Running && !status.Restarting)
            {
                throw await FailureAsync($"exited before it accepted on 127.0.0.1:{options.ProxyPort}: {status}", cancellationToken)
                    .ConfigureAwait(false);
            }

            if (clock.Elapsed >= options.StartTimeout)
            {
                throw await FailureAsync(
                    $"did not accept on 127.0.0.1:{options.ProxyPort} within {options.StartTimeout.TotalSeconds:0.#} s ({status})",
                    cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DockerTargetException> FailureAsync(string what, CancellationToken cancellationToken)
    {
        string logs;
        try
        {
            logs = await GetLogsAsync(FailureLogLines, cancellationToken).ConfigureAwait(false);
            logs = string.IsNullOrWhiteSpace(logs) ? "  (no output)" : string.Join('\n', logs.TrimEnd().Split('\n').Select(l => "  | " + l));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs = $"  (logs unavailable: {e.Message})";
        }

        return new DockerTargetException(
            $"container {Name} (image {options.Image}) {what}. Its last {FailureLogLines} log lines:\n{logs}");
    }

    private Task<T> Call<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken) =>
        Bounded.RunAsync(call, options.ApiTimeout, $"{what} {Name}", cancellationToken);

    private Task Call(Func<CancellationToken, Task> call, string what, CancellationToken cancellationToken) =>
        Bounded.RunAsync(call, options.ApiTimeout, $"{what} {Name}", cancellationToken);
}
