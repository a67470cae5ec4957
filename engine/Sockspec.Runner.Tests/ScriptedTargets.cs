using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Runner.Tests;

/// <summary>
/// In-process targets for the runner's tests: the hostile behaviours of issue 13 (one per connection), and a minimal
/// SOCKS5 no-auth CONNECT proxy that dies (stops listening and drops every connection) when it sees one request.
/// </summary>
internal static class ScriptedTargets
{
    public static readonly byte[] Markup = "<script>alert('sockspec')</script><img src=x onerror=alert(1)>\"'&"u8.ToArray();

    public static Func<Socket, CancellationToken, Task> Hostile(string behaviour) => behaviour switch
    {
        "flood" => (s, ct) => FloodAsync(s, ct),
        "silent" => async (s, ct) => await Task.Delay(Timeout.Infinite, ct),
        "rst" => (s, _) =>
        {
            s.LingerState = new LingerOption(true, 0);
            return Task.CompletedTask;
        },
        "fin" => (s, _) => Task.CompletedTask,
        "random" => async (s, ct) =>
        {
            var bytes = new byte[4096];
            new Random(13).NextBytes(bytes);
            await s.SendAsync(bytes, SocketFlags.None, ct);
            await Task.Delay(Timeout.Infinite, ct);
        },
        "trickle" => async (s, ct) =>
        {
            while (!ct.IsCancellationRequested)
            {
                await s.SendAsync(new byte[] { 0x2A }, SocketFlags.None, ct);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        },
        "bnd-flood" => async (s, ct) =>
        {
            await ReadSocks5RequestAsync(s, ct);
            byte[] reply = [5, 0, 0, 3, 255, .. Enumerable.Repeat((byte)'a', 255), 0x04, 0x38];
            await s.SendAsync(reply, SocketFlags.None, ct);
            await FloodAsync(s, ct);
        },
        "markup" => async (s, ct) =>
        {
            var first = new byte[1];
            await s.ReceiveAsync(first, SocketFlags.Peek, ct);
            if (first[0] == 5)
            {
                await ReadSocks5RequestAsync(s, ct);
                var name = Enumerable.Repeat(Markup, 4).SelectMany(b => b).Take(255).ToArray();
                await s.SendAsync((byte[])[5, 0, 0, 3, (byte)name.Length, .. name, 0, 80], SocketFlags.None, ct);
            }
            else
            {
                await s.ReceiveAsync(new byte[512], SocketFlags.None, ct);
                await s.SendAsync(new byte[] { 0, 0x5A, 0, 80, 127, 0, 0, 1 }, SocketFlags.None, ct);
            }
            await s.SendAsync(Enumerable.Repeat(Markup, 8).SelectMany(b => b).ToArray(), SocketFlags.None, ct);
        },
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour)),
    };

    private static async Task FloodAsync(Socket s, CancellationToken ct)
    {
        var chunk = new byte[64 * 1024];
        new Random(7).NextBytes(chunk);
        // Bounded by the test: the runner closes the connection (the send then throws) or the server is disposed.
        while (!ct.IsCancellationRequested) await s.SendAsync(chunk, SocketFlags.None, ct);
    }

    /// <summary>Reads a greeting (answering 05 00) and a request; returns CMD and DST.PORT.</summary>
    public static async Task<(byte Cmd, int Port)> ReadSocks5RequestAsync(Socket s, CancellationToken ct)
    {
        var head = await ExactlyAsync(s, 2, ct);
        await ExactlyAsync(s, head[1], ct);
        await s.SendAsync(new byte[] { 5, 0 }, SocketFlags.None, ct);
        var req = await ExactlyAsync(s, 4, ct);
        int addr = req[3] switch
        {
            1 => 4,
            4 => 16,
            3 => (await ExactlyAsync(s, 1, ct))[0],
            _ => throw new SocketException((int)SocketError.ProtocolNotSupported),
        };
        await ExactlyAsync(s, addr, ct);
        var port = await ExactlyAsync(s, 2, ct);
        return (req[1], BinaryPrimitives.ReadUInt16BigEndian(port));
    }

    private static async Task<byte[]> ExactlyAsync(Socket s, int n, CancellationToken ct)
    {
        var b = new byte[n];
        int got = 0;
        while (got < n)
        {
            int r = await s.ReceiveAsync(b.AsMemory(got), SocketFlags.None, ct);
            if (r == 0) throw new SocketException((int)SocketError.ConnectionReset);
            got += r;
        }
        return b;
    }
}

/// <summary>
/// A minimal SOCKS5 no-auth proxy (CONNECT relayed; BIND and UDP ASSOCIATE answered REP 07) that dies when it sees a
/// CONNECT to <paramref name="killPort"/>: it stops listening and drops every connection, as a crashed server would.
/// It dies only once one relay has ended (10 s at most), so that "the cases before the death passed" holds however
/// slowly a loaded machine runs the cases that started beside the killer. With <c>deaf</c> it does not die but goes
/// deaf instead: it keeps accepting and never answers a connection again, as a deadlocked server does.
/// </summary>
internal sealed class DyingSocks5Server : IAsyncDisposable
{
    private readonly bool _deaf;
    private volatile bool _wentDeaf;

    private readonly CancellationTokenSource _dead = new();
    private readonly TaskCompletionSource _relayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoopbackServer _server;

    public DyingSocks5Server(int killPort, bool deaf = false)
    {
        _deaf = deaf;
        _server = new LoopbackServer(async (s, ct) =>
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(ct, _dead.Token);
            await ServeAsync(s, killPort, both.Token);
        });
    }

    public IPEndPoint EndPoint => _server.EndPoint;

    /// <summary>When it died, on the test's clock (null while alive).</summary>
    public DateTime? DiedAt { get; private set; }

    private async Task ServeAsync(Socket s, int killPort, CancellationToken ct)
    {
        if (_wentDeaf)
        {
            await Task.Delay(Timeout.Infinite, ct);
            return;
        }
        var (cmd, port) = await ScriptedTargets.ReadSocks5RequestAsync(s, ct);
        if (cmd == 1 && port == killPort)
        {
            try
            {
                await _relayEnded.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (TimeoutException)
            {
                // No relay ended in time: die regardless, the test then says what it saw.
            }
            DiedAt = DateTime.UtcNow;
            if (_deaf)
            {
                _wentDeaf = true;
                await Task.Delay(Timeout.Infinite, ct);
                return;
            }
            await _dead.CancelAsync();
            _ = _server.DisposeAsync().AsTask();
            s.LingerState = new LingerOption(true, 0);
            return;
        }
        if (cmd != 1)
        {
            await s.SendAsync(new byte[] { 5, 7, 0, 1, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, ct);
            return;
        }
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        }
        catch (SocketException)
        {
            await s.SendAsync(new byte[] { 5, 5, 0, 1, 0, 0, 0, 0, 0, 0 }, SocketFlags.None, ct);
            return;
        }
        await s.SendAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 }, SocketFlags.None, ct);
        await Task.WhenAny(PumpAsync(s, upstream, ct), PumpAsync(upstream, s, ct));
        if (!ct.IsCancellationRequested) _relayEnded.TrySetResult();
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0) return;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The relay ends with either side, or with the server's death.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dead.CancelAsync();
        await _server.DisposeAsync();
    }
}
