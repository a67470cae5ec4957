using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sockspec.Bench;

/// <summary>
/// One way to reach the bench target: directly, or through a SOCKS5 proxy running as its own process (the reference
/// proxy via `sockspec serve`, microsocks, danted), whose memory is read from /proc.
/// </summary>
public sealed partial class PathUnderTest : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _tempDir;

    private PathUnderTest(string name, IPEndPoint? proxy, Process? process, string? tempDir)
    {
        Name = name;
        Proxy = proxy;
        _process = process;
        _tempDir = tempDir;
    }

    public string Name { get; }

    /// <summary>Null for the direct path.</summary>
    public IPEndPoint? Proxy { get; }

    /// <summary>The peer's process (the root of the measured tree); 0 for the direct path.</summary>
    public int ProcessId => _process?.Id ?? 0;

    public static PathUnderTest Direct() => new("direct", null, null, null);

    /// <summary>`sockspec serve` given as the command that runs this very program, so the bench measures the build it is part of.</summary>
    public static async Task<PathUnderTest> ReferenceAsync(IReadOnlyList<string> sockspecCommand, params string[] serveArgs)
    {
        var psi = Psi(sockspecCommand[0], [.. sockspecCommand.Skip(1), "serve", "--listen", "127.0.0.1:0", "--quiet", "--max-connections", "100000", .. serveArgs]);
        psi.RedirectStandardOutput = true;
        var p = Start(psi);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line = await p.StandardOutput.ReadLineAsync(cts.Token).ConfigureAwait(false);
        var m = line is null ? null : ListeningLine().Match(line);
        if (m is null || !m.Success)
        {
            p.Kill(true);
            throw new InvalidOperationException($"sockspec serve did not report its port (got '{line}')");
        }
        return new PathUnderTest("sockspec", IPEndPoint.Parse(m.Groups[1].Value), p, null);
    }

    /// <summary>
    /// A peer proxy started by a shell command with {port} (a roster entry's local form), run with `exec` so that the
    /// measured process tree is the proxy's own and a kill reaches it.
    /// </summary>
    public static async Task<PathUnderTest> LocalAsync(string name, string command)
    {
        int port = FreePort();
        var line = command.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var p = Start(Psi("/bin/sh", ["-c", "exec " + line]))!;
        var path = new PathUnderTest(name, new IPEndPoint(IPAddress.Loopback, port), p, null);
        await path.WaitAcceptingAsync().ConfigureAwait(false);
        return path;
    }

    /// <summary>Resident memory of the proxy and every process it forked (dante runs several), in KiB.</summary>
    public long RssKiB()
    {
        if (_process is null) return 0;
        long total = 0;
        var tree = new HashSet<int> { _process.Id };
        // Children first need their parent's pid: two passes cover dante's mother -> negotiator/request/io children.
        for (int pass = 0; pass < 3; pass++)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out int pid) || tree.Contains(pid)) continue;
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (tree.Contains(int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture))) tree.Add(pid);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        foreach (int pid in tree)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                    total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (IOException) { }
        }
        return total;
    }

    private async Task WaitAcceptingAsync()
    {
        for (int i = 0; i < 100; i++)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"{Name} exited at start (code {_process.ExitCode})");
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await s.ConnectAsync(Proxy!).ConfigureAwait(false);
                return;
            }
            catch (SocketException) { await Task.Delay(100).ConfigureAwait(false); }
        }
        throw new TimeoutException($"{Name} did not accept connections within 10 s");
    }

    private static ProcessStartInfo Psi(string file, IEnumerable<string> args)
    {
        // Peers' own chatter (microsocks logs every client) goes nowhere; a failure shows up as a failed measurement.
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static Process Start(ProcessStartInfo psi)
    {
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        p.ErrorDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        return p;
    }

    private static int FreePort()
    {
        using var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)l.LocalEndPoint!).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception) { }
            _process.Dispose();
        }
        if (_tempDir is not null) try { Directory.Delete(_tempDir, true); } catch (IOException) { }
    }

    [GeneratedRegex(@"^listening on (\S+)$")]
    private static partial Regex ListeningLine();
}
