using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// The destination of a case: a tiny HTTP/1.0 server on 127.0.0.1 (port 0) that answers any request with a known body.
/// The scripted proxy relays to it whatever the client asked for, so no case ever leaves loopback; a hit that the
/// proxy did not relay is a client that went around the proxy.
/// </summary>
public sealed class TargetHttpServer : IAsyncDisposable
{
    private const int MaxConnections = 16;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _response;
    private readonly Task _loop;
    private int _hits;

    public TargetHttpServer(string body)
    {
        Body = body;
        var bytes = Encoding.ASCII.GetBytes(body);
        _response = Encoding.ASCII.GetBytes(
            $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n")
            .Concat(bytes).ToArray();
        _listener = LoopbackListener.Start(MaxConnections);
        _loop = AcceptLoopAsync();
    }

    public string Body { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Requests answered (relayed by the proxy or not).</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>The full response the server sends, for cases that deliver it themselves right behind a reply.</summary>
    public ReadOnlyMemory<byte> Response => _response;

    private async Task AcceptLoopAsync()
    {
        var tasks = new List<Task>();
        try
        {
            while (tasks.Count < MaxConnections)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                tasks.Add(ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        await Task.WhenAll(tasks);
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            cts.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                var buffer = new byte[8192];
                int got = 0;
                while (got < buffer.Length && buffer.AsSpan(0, got).IndexOf("\r\n\r\n"u8) < 0 && buffer.AsSpan(0, got).IndexOf("\n\n"u8) < 0)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token);
                    if (n == 0) return;
                    got += n;
                }
                Interlocked.Increment(ref _hits);
                await socket.SendAsync(_response, SocketFlags.None, cts.Token);
                socket.Shutdown(SocketShutdown.Send);
                // Drain briefly so that our close does not turn into a reset that could destroy the response in flight.
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) > 0) { }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
