using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Sockspec.Targets.Docker;

namespace Sockspec.Targets;

/// <summary>
/// A proxy the suite starts itself with a shell command. The port comes from a <c>{port}</c> placeholder (replaced
/// by a free loopback port), from an explicit endpoint (--target beside --exec), or from a "listening on ADDR:PORT" line
/// the process prints (as `sockspec serve` does). The suite waits until the port accepts, watches the process, and
/// restarts it after a crash so that the remaining cases still run.
/// </summary>
public sealed partial class ExecTarget(string command, IPEndPoint? endPoint, TimeSpan startTimeout) : ITarget
{
    private const int MaxLogLines = 2000;
    private const int MaxLogLineLength = 2000;

    private readonly List<string> _log = [];
    private Process? _process;
    private string _resolvedCommand = "";
    private TaskCompletionSource<IPEndPoint>? _announced;
    private volatile bool _stopping;
    private volatile string? _markedDown;
    private volatile bool _restarting;
    private bool _portAnnounced;

    public string Name => $"exec: {command}";

    public IPEndPoint EndPoint { get; private set; } = endPoint ?? new IPEndPoint(IPAddress.Loopback, 0);

    public string? Crashed
    {
        get
        {
            if (_restarting) return "the target process exited and is being restarted";
            var p = _process;
            if (p is null || _stopping) return null;
            if (_markedDown is { } reason) return reason;
            try
            {
                return p.HasExited ? $"the target process exited with code {p.ExitCode}" : null;
            }
            catch (InvalidOperationException)
            {
                // Another case's RestartAsync disposed this Process object between our read and the query: it had died.
                return "the target process exited (and is being restarted)";
            }
        }
    }

    public IReadOnlyList<string> Log
    {
        get { lock (_log) return [.. _log]; }
    }

    public bool CanRestart => true;

    public void MarkDown(string reason) => _markedDown ??= reason;

    public string ReproducerArgs => $"--exec {ShellQuote(command)}" + (endPoint is null ? "" : $" --target {endPoint}");

    public async Task StartAsync(CancellationToken ct)
    {
        _resolvedCommand = command;
        if (command.Contains("{port}", StringComparison.Ordinal))
        {
            if (EndPoint.Port == 0) EndPoint = new IPEndPoint(IPAddress.Loopback, LoopbackPort.Pick());
            _resolvedCommand = command.Replace("{port}", EndPoint.Port.ToString(), StringComparison.Ordinal);
        }
        _announced = new TaskCompletionSource<IPEndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        // A simple command is exec'd so that the proxy is the process we watch; a compound one (";", "&", "|") runs as
        // written and the shell is watched (and killed with its process tree).
        psi.ArgumentList.Add(_resolvedCommand.IndexOfAny([';', '&', '|', '\n']) < 0 ? "exec " + _resolvedCommand : _resolvedCommand);
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => OnLine(e.Data, "stdout");
        p.ErrorDataReceived += (_, e) => OnLine(e.Data, "stderr");
        try
        {
            p.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new TargetSetupException($"cannot start '{_resolvedCommand}': {e.Message}");
        }
        _process = p;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        AddLog($"started pid {p.Id}: {_resolvedCommand}");
        await WaitUntilAcceptingAsync(p, ct);
    }

    private async Task WaitUntilAcceptingAsync(Process p, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + startTimeout;
        // A port the process announced is that process's: a restarted one announces its own.
        if (EndPoint.Port == 0 || _portAnnounced)
        {
            var exited = p.WaitForExitAsync(ct);
            var done = await Task.WhenAny(_announced!.Task, exited, Task.Delay(startTimeout, ct));
            if (done != _announced.Task)
                throw new TargetSetupException(Fail(p, "never printed 'listening on ADDR:PORT' (give {port} in the command or --target)"));
            EndPoint = _announced.Task.Result;
            _portAnnounced = true;
        }
        while (DateTime.UtcNow < deadline)
        {
            if (p.HasExited) throw new TargetSetupException(Fail(p, $"exited with code {p.ExitCode} before accepting on {EndPoint}"));
            if (await PortProbe.AcceptsAsync(EndPoint, TimeSpan.FromMilliseconds(500), ct)) return;
            await Task.Delay(50, ct);
        }
        throw new TargetSetupException(Fail(p, $"did not accept connections on {EndPoint} within {startTimeout.TotalSeconds:0} s"));
    }

    private string Fail(Process p, string what)
    {
        var tail = Log.TakeLast(10).ToList();
        Kill(p);
        return $"'{_resolvedCommand}' {what}" + (tail.Count == 0 ? "" : "; its last output:\n  " + string.Join("\n  ", tail));
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        if (_process is not { } old || Crashed is not { } why) return;
        AddLog($"restarting after: {why}");
        // Until the new process accepts, the target counts as down: a case arriving meanwhile waits for the restart
        // instead of dialling the old process's port.
        _restarting = true;
        try
        {
            await ReplaceAsync(old, ct);
        }
        finally
        {
            _restarting = false;
        }
    }

    private async Task ReplaceAsync(Process old, CancellationToken ct)
    {
        // Marked down while alive (it stopped accepting): end what is left of it before starting afresh.
        Kill(old);
        await old.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(5), ct).ContinueWith(_ => { }, TaskScheduler.Default);
        old.Dispose();
        _process = null;
        _markedDown = null;
        await StartAsync(ct);
    }

    private void OnLine(string? line, string stream)
    {
        if (line is null) return;
        AddLog($"{stream}: {line}");
        var m = ListeningLine().Match(line);
        if (m.Success && IPAddress.TryParse(m.Groups[1].Value.Trim('[', ']'), out var ip) && ushort.TryParse(m.Groups[2].Value, out var port))
            _announced?.TrySetResult(new IPEndPoint(ip, port));
    }

    private void AddLog(string line)
    {
        // A target decides what it prints: one endless line must not become one endless report line.
        if (line.Length > MaxLogLineLength) line = line[..MaxLogLineLength] + " [line truncated]";
        lock (_log)
        {
            if (_log.Count >= MaxLogLines) _log.RemoveAt(0);
            _log.Add(line);
        }
    }

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"listening on (\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_process is { } p)
        {
            Kill(p);
            try
            {
                await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                AddLog("the target process did not exit within 5 s of being killed");
            }
            p.Dispose();
        }
    }
}
