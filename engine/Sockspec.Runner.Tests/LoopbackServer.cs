using System.Net;
using System.Net.Sockets;

namespace Sockspec.Runner.Tests;

/// <summary>A one-connection-at-a-time loopback server whose behaviour a test scripts.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoopbackServer(Func<Socket, CancellationToken, Task> serve)
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket s;
                try
                {
                    s = await _listener.AcceptAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (s)
                    {
                        try
                        {
                            await serve(s, _stop.Token);
                        }
                        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                        {
                        }
                    }
                });
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
    }
}
