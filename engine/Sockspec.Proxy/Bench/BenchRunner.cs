using System.Diagnostics;
using System.Net.Sockets;
using Sockspec.Proxy.Client;

namespace Sockspec.Proxy.Bench;

public sealed class BenchOptions
{
    /// <summary>Bytes moved each way for the throughput figures.</summary>
    public long Bytes { get; set; } = 1L << 30;

    public TimeSpan HandshakeDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Concurrent clients in the handshake test (and when opening idle connections).</summary>
    public int Concurrency { get; set; } = 32;

    public int IdleConnections { get; set; } = 4000;
}

/// <summary>What one path achieved. Memory is NaN for the direct path (there is no proxy process).</summary>
public sealed record BenchResult(string Path, double DownMiBps, double UpMiBps, double HandshakesPerSecond, double KiBPerIdleConnection);

/// <summary>
/// Measures one path: 1 GiB (by default) down and up, CONNECT handshakes per second with bounded concurrency for a
/// fixed time, and the proxy's resident memory per idle established connection.
/// </summary>
public static class BenchRunner
{
    private const int ChunkSize = 256 * 1024;

    public static async Task<BenchResult> MeasureAsync(PathUnderTest path, BenchTarget target, BenchOptions o, TextWriter progress)
    {
        // A short warm-up so that JIT and pool growth are not charged to the measured transfer.
        await DownloadAsync(path, target, Math.Min(o.Bytes, 64L << 20)).ConfigureAwait(false);
        double down = await DownloadAsync(path, target, o.Bytes).ConfigureAwait(false);
        progress.WriteLine($"  {path.Name}: download {down:F0} MiB/s");
        double up = await UploadAsync(path, target, o.Bytes).ConfigureAwait(false);
        progress.WriteLine($"  {path.Name}: upload {up:F0} MiB/s");
        double hs = await HandshakesAsync(path, target, o).ConfigureAwait(false);
        progress.WriteLine($"  {path.Name}: {hs:F0} handshakes/s");
        double mem = path.Proxy is null ? double.NaN : await IdleMemoryAsync(path, target, o).ConfigureAwait(false);
        if (!double.IsNaN(mem)) progress.WriteLine($"  {path.Name}: {mem:F1} KiB per idle connection");
        return new BenchResult(path.Name, down, up, hs, mem);
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
                }
                catch (Exception e) when (e is SocketException or IOException or TimeoutException)
                {
                    if (Interlocked.Increment(ref failed) > 1000) throw;
                }
            }
        }).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        sw.Stop();
        return done / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> IdleMemoryAsync(PathUnderTest path, BenchTarget target, BenchOptions o)
    {
        await Task.Delay(500).ConfigureAwait(false);
        long before = path.RssKiB();
        var sockets = new List<Socket>(o.IdleConnections);
        var gate = new SemaphoreSlim(o.Concurrency);
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
                finally { gate.Release(); }
            });
            await Task.WhenAll(opens).ConfigureAwait(false);
            for (int i = 0; i < 300 && target.Held < o.IdleConnections; i++) await Task.Delay(100).ConfigureAwait(false);
            if (target.Held < o.IdleConnections)
                throw new InvalidOperationException($"{path.Name}: only {target.Held} of {o.IdleConnections} idle connections established");
            await Task.Delay(1000).ConfigureAwait(false);
            long after = path.RssKiB();
            return (after - before) / (double)o.IdleConnections;
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
            for (int i = 0; i < 100 && target.Held > 0; i++) await Task.Delay(100).ConfigureAwait(false);
        }
    }
}
