using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Bench;

/// <summary>
/// The far end of every benchmark path, on 127.0.0.1:0. The first 9 bytes a connection sends pick what it does:
/// 'D' + count: send count bytes then close (download); 'U' + count: read count bytes then answer 1 byte (upload);
/// 'H' + 0: hold the connection open until the peer closes (idle-connection memory). 'R' + 0: reset the connection at
/// once, so that the handshake test's teardown leaves no TIME_WAIT behind on the proxy's outbound side (tens of
/// thousands of short connections would otherwise use up the loopback ephemeral ports within a few rounds). A connection that sends
/// nothing and closes is the handshake benchmark's: it is simply closed.
/// </summary>
public sealed class BenchTarget : IAsyncDisposable
{
    public const int CommandLength = 9;
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _held;

    public BenchTarget()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8192);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    public int Held => Volatile.Read(ref _held);

    public static byte[] Command(char mode, long count)
    {
        var b = new byte[CommandLength];
        b[0] = (byte)mode;
        BinaryPrimitives.WriteInt64BigEndian(b.AsSpan(1), count);
        return b;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var s = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                _ = ServeAsync(s);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private async Task ServeAsync(Socket s)
    {
        try
        {
            var cmd = new byte[CommandLength];
            int got = 0;
            while (got < CommandLength)
            {
                int n = await s.ReceiveAsync(cmd.AsMemory(got), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                if (n == 0) return;
                got += n;
            }
            long count = BinaryPrimitives.ReadInt64BigEndian(cmd.AsSpan(1));
            switch ((char)cmd[0])
            {
                case 'D':
                    var data = new byte[256 * 1024];
                    while (count > 0)
                    {
                        int n = await s.SendAsync(data.AsMemory(0, (int)Math.Min(count, data.Length)), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                        count -= n;
                    }
                    s.Shutdown(SocketShutdown.Send);
                    await s.ReceiveAsync(new byte[1], SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    break;
                case 'U':
                    var sink = new byte[256 * 1024];
                    while (count > 0)
                    {
                        int n = await s.ReceiveAsync(sink, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                        if (n == 0) return;
                        count -= n;
                    }
                    await s.SendAsync(new byte[] { 1 }, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    break;
                case 'R':
                    s.LingerState = new LingerOption(true, 0);
                    break;
                case 'H':
                    Interlocked.Increment(ref _held);
                    try { await s.ReceiveAsync(new byte[1], SocketFlags.None, _stop.Token).ConfigureAwait(false); }
                    finally { Interlocked.Decrement(ref _held); }
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
        finally
        {
            s.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _loop.ConfigureAwait(false);
    }
}
