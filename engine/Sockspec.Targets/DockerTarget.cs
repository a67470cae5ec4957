using System.Net;
using Docker.DotNet;
using Sockspec.Targets.Docker;

namespace Sockspec.Targets;

/// <summary>
/// A proxy in a Docker container (host network, init process) started from a local image; never pulled. The suite
/// waits until its port accepts, watches it while the cases run (the container's init process on this host when it is
/// visible here, else the engine's state), restarts it after a crash, and always stops and removes it on dispose, also
/// when the process exits early (Ctrl-C). The container's output is followed into <see cref="Log"/>.
/// </summary>
public sealed class DockerTarget : ITarget
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ExitCleanupLimit = TimeSpan.FromSeconds(15);

    private readonly ContainerTargetOptions _options;
    private readonly ContainerLog _log = new();
    private readonly CancellationTokenSource _watch = new();
    private readonly EventHandler _onProcessExit;
    private ContainerTarget? _container;
    private DockerClient? _client;
    private ContainerStatus? _baseline;
    private ContainerProcess? _process;
    private volatile string? _crashed;
    private volatile bool _restarting;
    private volatile bool _stopping;
    private Task? _monitor;
    private Task? _follower;
    private CancellationTokenSource? _followCts;
    private Task? _disposal;
    private int _restarts;

    public DockerTarget(ContainerTargetOptions options)
    {
        _options = options with { Warn = line => _log.Add("[sockspec] " + line) };
        _onProcessExit = (_, _) => DisposeAsync().AsTask().Wait(ExitCleanupLimit);
    }

    public string Name => "docker: " + string.Join(' ', [_options.Image, .. _options.Command]);

    public IPEndPoint EndPoint => new(IPAddress.Loopback, _options.ProxyPort);

    /// <summary>How often the container was restarted after a crash.</summary>
    public int Restarts => _restarts;

    public string? Crashed
    {
        get
        {
            // While a restart is under way the reason stays set, so that cases arriving meanwhile wait for the restart.
            if (_stopping || _container is null) return null;
            if (_crashed is { } why) return why;
            // The init process is seen to go the moment it exits; the engine's state lags behind by a poll interval.
            return _process is { } p && !p.IsAlive ? $"the container's init process (host pid {p.Pid}) exited" : null;
        }
    }

    public IReadOnlyList<string> Log => _log.Lines;

    public bool CanRestart => true;

    public void MarkDown(string reason)
    {
        if (!_stopping && !_restarting) _crashed ??= reason;
    }

    public string ReproducerArgs
    {
        get
        {
            var parts = new List<string> { "--docker " + Quote(_options.Image) };
            if (_options.Command.Count > 0) parts.Add("--docker-cmd " + string.Join(' ', _options.Command.Select(Quote)));
            parts.AddRange(_options.Environment.Select(e => "--docker-env " + Quote(e)));
            parts.Add($"--proxy-port {_options.ProxyPort}");
            if (_options.Endpoint is { } uri) parts.Add("--docker-host " + uri);
            return string.Join(' ', parts);
        }
    }

    public async Task StartAsync(CancellationToken ct)
    {
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
        try
        {
            _container = await ContainerTarget.StartAsync(_options, ct);
            _client = await DockerEndpoint.ConnectAsync(_container.DockerEndpoint, _options.ConnectTimeout, ct);
        }
        catch (DockerTargetException e)
        {
            throw new TargetSetupException(e.Message);
        }
        _log.Add($"[sockspec] container {_container.Name} ({_options.Image}) accepts on {EndPoint}");
        _crashed = await SnapshotAsync(since: null, ct);
        _monitor = Task.Run(() => MonitorAsync(_watch.Token));
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        if (_container is null || Crashed is not { } why) return;
        _crashed = why;
        _restarting = true;
        try
        {
            _restarts++;
            // The init process can be seen gone before the engine has noted the exit: give it a second to say how it ended.
            var status = await StatusOrNullAsync(ct);
            for (int i = 0; i < 10 && status is { Running: true }; i++)
            {
                await Task.Delay(100, ct);
                status = await StatusOrNullAsync(ct);
            }
            _log.Add($"[sockspec] the container died during the run ({why}; engine: {status?.ToString() ?? "state unknown"}); restarting it for the remaining cases");
            var since = DateTimeOffset.UtcNow;
            try
            {
                await _container.RestartAsync(ct);
            }
            catch (DockerTargetException e)
            {
                throw new TargetSetupException(e.Message);
            }
            // Null unless it died again before the snapshot: then the next case restarts it once more.
            _crashed = await SnapshotAsync(since, ct);
            _log.Add($"[sockspec] container restarted (restart {_restarts}), accepts on {EndPoint} again");
        }
        finally
        {
            _restarting = false;
        }
    }

    /// <summary>
    /// Takes the state to compare against from now on and follows the output of the current run. Returns why the
    /// container is already dead when it is (it can exit between accepting on its port and this snapshot), else null:
    /// such a death must count as a crash at once, not a poll later, or cases that all fail fast against the closed
    /// port would finish before anyone noticed and none would be charged with it.
    /// </summary>
    private async Task<string?> SnapshotAsync(DateTimeOffset? since, CancellationToken ct)
    {
        string? dead;
        try
        {
            _baseline = await _container!.GetStatusAsync(ct);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(_options.ApiTimeout);
            var inspect = await _client!.Containers.InspectContainerAsync(_container.Id, deadline.Token);
            // A pid from an engine on another machine means nothing here.
            bool local = _container.DockerEndpoint.Scheme == "unix";
            _process = local ? ContainerProcess.TryWatch(inspect.State.Pid) : null;
            dead = !_baseline.Running || !inspect.State.Running ? $"the container exited right after it started ({_baseline})"
                : local && ContainerProcess.HasExited(inspect.State.Pid) ? $"the container's init process (host pid {inspect.State.Pid}) exited right after it started"
                : null;
        }
        catch (DockerTargetException e)
        {
            throw new TargetSetupException(e.Message);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            throw new TargetSetupException($"container {_container!.Name}: inspect failed: {e.Message}");
        }
        await StopFollowingAsync();
        _followCts = CancellationTokenSource.CreateLinkedTokenSource(_watch.Token);
        var token = _followCts.Token;
        _follower = Task.Run(() => ContainerLogFollower.FollowAsync(_client, _container.Id!, since, _log, OnOutputEnded, token));
        return dead;
    }

    // The previous run's output ends with its process; give the last lines a moment to arrive before cutting it off.
    private async Task StopFollowingAsync()
    {
        if (_follower is not { } previous) return;
        try
        {
            await previous.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            await _followCts!.CancelAsync();
            await previous.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        _followCts?.Dispose();
        _followCts = null;
        _follower = null;
    }

    // The output ends when the container's process does: look at the engine at once rather than at the next poll.
    private void OnOutputEnded() => _ = CheckAsync(_watch.Token);

    private async Task MonitorAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(PollInterval, ct);
                await CheckAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposal.
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        if (_restarting || _stopping || _crashed is not null || _baseline is not { } baseline) return;
        var status = await StatusOrNullAsync(ct);
        if (status is null || _restarting || _stopping || !ReferenceEquals(baseline, _baseline)) return;
        if (status.DiedSince(baseline)) _crashed = "the container " + (status.Running ? $"was restarted: {status}" : $"exited: {status}");
    }

    private async Task<ContainerStatus?> StatusOrNullAsync(CancellationToken ct)
    {
        try
        {
            return await _container!.GetStatusAsync(ct);
        }
        catch (Exception e) when (e is DockerTargetException or DockerApiException or HttpRequestException or IOException)
        {
            return null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_watch)
        {
            _disposal ??= DisposeCoreAsync();
        }
        return new ValueTask(_disposal);
    }

    private async Task DisposeCoreAsync()
    {
        _stopping = true;
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
        if (_container is { } container)
        {
            await container.DisposeAsync();
            _log.Add($"[sockspec] container {container.Name} stopped and removed");
        }
        await StopFollowingAsync();
        await _watch.CancelAsync();
        if (_monitor is { } monitor)
        {
            try
            {
                await monitor.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // A watcher stuck in an engine call must not hold up the exit; the container is already removed.
            }
        }
        _client?.Dispose();
        _watch.Dispose();
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@,+{}".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
