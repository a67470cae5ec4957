using System.Net;
using System.Net.Sockets;
using System.Text;
using Sockspec.Proxy;

namespace Sockspec.Proxy.Tests;

/// <summary>Loopback peers for the tests: an echo server, an HTTP responder and a UDP echo, all on port 0.</summary>
internal sealed class TcpEcho : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpEcho(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _listener.Dispose();
            _listener = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        }
        _listener.Bind(new IPEndPoint(address, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = LoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Remote endpoints seen, in order (to check BND against what the target saw).</summary>
    public List<IPEndPoint> Clients { get; } = [];

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                var s = await _listener.AcceptAsync(_stop.Token);
                lock (Clients) Clients.Add((IPEndPoint)s.RemoteEndPoint!);
                _ = EchoAsync(s);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    /// <summary>Echoes until EOF, then half-closes: the half-close test relies on the echo finishing after the FIN.</summary>
    private async Task EchoAsync(Socket s)
    {
        var buf = new byte[65536];
        try
        {
            int n;
            while ((n = await s.ReceiveAsync(buf, SocketFlags.None, _stop.Token)) > 0)
                await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, _stop.Token);
            s.Shutdown(SocketShutdown.Send);
            await Task.Delay(200);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
        finally { s.Dispose(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
    }
}

/// <summary>A minimal HTTP/1.0 responder: answers every request with a fixed body and closes.</summary>
internal sealed class HttpResponder : IAsyncDisposable
{
    public const string Body = "hello through socks\n";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HttpResponder()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = LoopAsync();
    }

    public int Port { get; }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                var c = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(c);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private async Task ServeAsync(TcpClient c)
    {
        using (c)
        {
            try
            {
                var s = c.GetStream();
                var buf = new byte[8192];
                int total = 0;
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                deadline.CancelAfter(TimeSpan.FromSeconds(10));
                while (total < buf.Length)
                {
                    int n = await s.ReadAsync(buf.AsMemory(total), deadline.Token);
                    if (n == 0) return;
                    total += n;
                    if (Encoding.ASCII.GetString(buf, 0, total).Contains("\r\n\r\n")) break;
                }
                var response = $"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";
                await s.WriteAsync(Encoding.ASCII.GetBytes(response), deadline.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}

internal sealed class UdpEcho : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();

    public UdpEcho(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(address, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ = LoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    private async Task LoopAsync()
    {
        var buf = new byte[65536];
        try
        {
            while (true)
            {
                var any = _socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                var r = await _socket.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(any, 0), _stop.Token);
                await _socket.SendToAsync(buf.AsMemory(0, r.ReceivedBytes), SocketFlags.None, r.RemoteEndPoint);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}

/// <summary>Starts a reference server on 127.0.0.1:0 with short timeouts; collects its log.</summary>
internal static class TestServer
{
    public static async Task<(ReferenceServer Server, IPEndPoint EndPoint, List<ConnectionLogEntry> Log)> StartAsync(
        Action<ServerOptions>? configure = null)
    {
        var log = new List<ConnectionLogEntry>();
        var o = new ServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(3) };
        o.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
        o.Log = e => { lock (log) log.Add(e); };
        configure?.Invoke(o);
        var server = await ReferenceServer.StartAsync(o);
        return (server, server.Endpoints[0], log);
    }
}
