using System.Diagnostics;
using System.Net.Sockets;
using Sockspec.Proxy.Client;

namespace Sockspec.Bench;

public sealed class BenchOptions
{
    /// <summary>Bytes moved each way for the throughput figures.</summary>
    public long Bytes { get; set; } = 1L << 30;

    public TimeSpan HandshakeDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Concurrent clients in the handshake test (and when opening idle connections).</summary>
    public int Concurrency { get; set; } = 32;

    public int IdleConnections { get; set; } = 4000;

    /// <summary>Rounds per figure; <see cref="Bytes"/> is split across them and each handshake round lasts <see cref="HandshakeDuration"/>.</summary>
    public int Rounds { get; set; } = 5;
}

/// <summary>What one path achieved. Memory is NaN for the direct path (there is no proxy process).</summary>
public sealed record BenchResult(string Path, double DownMiBps, double UpMiBps, double HandshakesPerSecond, double KiBPerIdleConnection);

/// <summary>
/// Measures paths: 1 GiB (by default) down and up, CONNECT handshakes per second with bounded concurrency for a
/// fixed time, and the proxy's resident memory per idle established connection.
/// </summary>
public static class BenchRunner
{
    private const int ChunkSize = 256 * 1024;

    /// <summary>
    /// Measures every path, interleaved: each throughput and handshake figure is the median of
    /// <see cref="BenchOptions.Rounds"/> rounds taken round-robin across the paths, so that load drifting on a shared
    /// machine hits every path alike instead of whichever happened to run during a busy minute.
    /// </summary>
    public static async Task<List<BenchResult>> MeasureAllAsync(IReadOnlyList<PathUnderTest> paths, BenchTarget target, BenchOptions o, TextWriter progress)
    {
        var down = paths.ToDictionary(p => p, _ => new List<double>());
        var up = paths.ToDictionary(p => p, _ => new List<double>());
        var hs = paths.ToDictionary(p => p, _ => new List<double>());
        long perRound = Math.Max(1, o.Bytes / o.Rounds);
        // Warm-up, not measured: a long-running proxy has its hot paths compiled (.NET tiers its JIT up after the
        // first calls) and its pools grown; a freshly started one should not be charged for that.
        foreach (var p in paths)
        {
            await DownloadAsync(p, target, Math.Min(perRound, 64L << 20)).ConfigureAwait(false);
            await HandshakesAsync(p, target, o).ConfigureAwait(false);
        }
        for (int round = 0; round < o.Rounds; round++)
        {
            foreach (var p in paths)
            {
                down[p].Add(await DownloadAsync(p, target, perRound).ConfigureAwait(false));
                up[p].Add(await UploadAsync(p, target, perRound).ConfigureAwait(false));
                hs[p].Add(await HandshakesAsync(p, target, o).ConfigureAwait(false));
                progress.WriteLine($"  round {round + 1}/{o.Rounds} {p.Name}: down {down[p][^1]:F0} MiB/s, up {up[p][^1]:F0} MiB/s, {hs[p][^1]:F0} handshakes/s");
            }
        }
        var results = new List<BenchResult>();
        foreach (var p in paths)
        {
            double mem = p.Proxy is null ? double.NaN : await IdleMemoryAsync(p, target, o, progress).ConfigureAwait(false);
            if (!double.IsNaN(mem)) progress.WriteLine($"  {p.Name}: {mem:F1} KiB per idle connection");
            results.Add(new BenchResult(p.Name, Median(down[p]), Median(up[p]), Median(hs[p]), mem));
        }
        return results;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static async Task<Socket> OpenAsync(PathUnderTest path, BenchTarget target)
    {
        if (path.Proxy is null)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await s.ConnectAsync(target.EndPoint, cts.Token).ConfigureAwait(false);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }
        var conn = await new SocksClient(path.Proxy).ConnectAsync("127.0.0.1", target.EndPoint.Port).ConfigureAwait(false);
        return conn.Socket;
    }

    private static async Task<double> DownloadAsync(PathUnderTest path, BenchTarget target, long bytes)
    {
        using var s = await OpenAsync(path, target).ConfigureAwait(false);
        var buffer = new byte[ChunkSize];
        var sw = Stopwatch.StartNew();
        await s.SendAsync(BenchTarget.Command('D', bytes), SocketFlags.None).ConfigureAwait(false);
        long total = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        int n;
        while ((n = await s.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false)) > 0) total += n;
        sw.Stop();
        if (total != bytes) throw new InvalidOperationException($"{path.Name}: download delivered {total} of {bytes} bytes");
        return bytes / 1048576.0 / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> UploadAsync(PathUnderTest path, BenchTarget target, long bytes)
    {
        using var s = await OpenAsync(path, target).ConfigureAwait(false);
        var buffer = new byte[ChunkSize];
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var sw = Stopwatch.StartNew();
        await s.SendAsync(BenchTarget.Command('U', bytes), SocketFlags.None).ConfigureAwait(false);
        for (long left = bytes; left > 0;)
        {
            int n = await s.SendAsync(buffer.AsMemory(0, (int)Math.Min(left, buffer.Length)), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            left -= n;
        }
        if (await s.ReceiveAsync(new byte[1], SocketFlags.None, deadline.Token).ConfigureAwait(false) != 1)
            throw new InvalidOperationException($"{path.Name}: upload not acknowledged");
        sw.Stop();
        return bytes / 1048576.0 / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> HandshakesAsync(PathUnderTest path, BenchTarget target, BenchOptions o)
    {
        long done = 0, failed = 0;
        var sw = Stopwatch.StartNew();
        var until = o.HandshakeDuration;
        var workers = Enumerable.Range(0, o.Concurrency).Select(async _ =>
        {
            while (sw.Elapsed < until)
            {
                try
                {
                    using var s = await OpenAsync(path, target).ConfigureAwait(false);
                    Interlocked.Increment(ref done);
                    await HangUpAsync(s).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException or SocksProtocolException or OperationCanceledException)
                {
                    if (Interlocked.Increment(ref failed) > 1000) throw;
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        sw.Stop();
        return done / sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Ends a handshake-test connection without TIME_WAIT on any side that opens connections: the destination resets
    /// first (so the proxy's outbound socket dies by RST), then the client resets its own end.
    /// </summary>
    private static async Task HangUpAsync(Socket s)
    {
        try
        {
            await s.SendAsync(BenchTarget.Command('R', 0), SocketFlags.None).ConfigureAwait(false);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await s.ReceiveAsync(new byte[1], SocketFlags.None, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // The reset itself, on the direct path.
        }
        finally
        {
            s.LingerState = new LingerOption(true, 0);
        }
    }

    private static async Task<double> IdleMemoryAsync(PathUnderTest path, BenchTarget target, BenchOptions o, TextWriter progress)
    {
        await Task.Delay(500).ConfigureAwait(false);
        long before = path.RssKiB();
        var sockets = new List<Socket>(o.IdleConnections);
        var gate = new SemaphoreSlim(o.Concurrency);
        int failed = 0;
        try
        {
            var opens = Enumerable.Range(0, o.IdleConnections).Select(async _ =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    var s = await OpenAsync(path, target).ConfigureAwait(false);
                    lock (sockets) sockets.Add(s);
                    await s.SendAsync(BenchTarget.Command('H', 0), SocketFlags.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException)
                {
                    // A proxy that runs out of something (dante's process limits) refuses some: counted, not fatal.
                    Interlocked.Increment(ref failed);
                }
                finally { gate.Release(); }
            });
            await Task.WhenAll(opens).ConfigureAwait(false);
            int wanted = o.IdleConnections - failed;
            for (int i = 0; i < 300 && target.Held < wanted; i++) await Task.Delay(100).ConfigureAwait(false);
            int held = target.Held;
            if (failed > 0) progress.WriteLine($"  {path.Name}: {failed} of {o.IdleConnections} idle connections refused; memory is per established connection");
            if (held < o.IdleConnections / 2) return double.NaN;
            await Task.Delay(1000).ConfigureAwait(false);
            long after = path.RssKiB();
            return (after - before) / (double)held;
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
            for (int i = 0; i < 100 && target.Held > 0; i++) await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
