using System.Diagnostics;
using System.Text;

namespace Sockspec.Proxy.Tests;

/// <summary>`sockspec serve` as a child process, as scripts run it: waits for its `listening on` line, keeps its log.</summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private ServeProcess(Process process, string port)
    {
        _process = process;
        Port = int.Parse(port, System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static async Task<ServeProcess> StartAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sockspec.dll"));
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--listen");
        psi.ArgumentList.Add("127.0.0.1:0");
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await p.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException("sockspec serve printed nothing within 30 s");
        }
        const string prefix = "listening on 127.0.0.1:";
        if (line is null || !line.StartsWith(prefix, StringComparison.Ordinal))
        {
            string err = await p.StandardError.ReadToEndAsync(cts.Token);
            p.Kill(true);
            throw new InvalidOperationException($"sockspec serve: unexpected first line '{line}'; stderr: {err}");
        }
        var serve = new ServeProcess(p, line[prefix.Length..]);
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (serve._stderr) serve._stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        return serve;
    }

    /// <summary>SIGTERM, as a service manager stops it; true when it exits by itself within the time.</summary>
    public async Task<bool> TerminateAsync(TimeSpan within)
    {
        if (_process.HasExited) return true;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        if (!await TerminateAsync(TimeSpan.FromSeconds(5))) _process.Kill(true);
        _process.Dispose();
    }
}

/// <summary>Runs a real client binary with a deadline. A missing binary fails the test: CI installs curl and ncat.</summary>
internal static class Tool
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, string? stdin = null, double seconds = 20)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {seconds} s");
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
