using System.Net;
using System.Net.Sockets;
using Sockspec.Proxy;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// Loopback fixtures for the proxy properties: a reference server (no authentication, or one user), a TCP echo on
/// 127.0.0.1 and ::1 (same port), a UDP echo and a closed port. Destinations are loopback literals or "localhost"
/// only, so that nothing is ever resolved or reached off the machine.
/// </summary>
public sealed class Loopback : IAsyncDisposable
{
    public const string User = "prop-user";
    public const string Password = "prop-password";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpListener> _echo = [];
    private readonly List<Task> _loops = [];

    public ReferenceServer Open { get; private set; } = null!;
    public ReferenceServer WithUser { get; private set; } = null!;
    public int EchoPort { get; private set; }
    public Socket UdpEcho { get; private set; } = null!;
    public int ClosedPort { get; private set; }

    /// <summary>Bound on every wait in these properties; the server's own handshake deadline is shorter.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(2);

    public static async Task<Loopback> StartAsync()
    {
        var l = new Loopback();
        l.Open = await ReferenceServer.StartAsync(Options(null));
        l.WithUser = await ReferenceServer.StartAsync(Options((User, Password)));
        l.StartEcho();
        l.UdpEcho = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        l.UdpEcho.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        l._loops.Add(l.UdpEchoLoop());
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        l.ClosedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        return l;
    }

    public static ServerOptions Options((string User, string Password)? user)
    {
        var o = new ServerOptions
        {
            HandshakeTimeout = HandshakeTimeout,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            BindTimeout = TimeSpan.FromSeconds(3),
            IdleTimeout = TimeSpan.FromSeconds(10),
        };
        o.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
        if (user is { } u) o.Users[u.User] = u.Password;
        return o;
    }

    private void StartEcho()
    {
        for (int attempt = 0; ; attempt++)
        {
            var v4 = new TcpListener(IPAddress.Loopback, 0);
            v4.Start();
            int port = ((IPEndPoint)v4.LocalEndpoint).Port;
            var v6 = new TcpListener(IPAddress.IPv6Loopback, port);
            try { v6.Start(); }
            catch (SocketException) when (attempt < 20)
            {
                v4.Stop();
                continue;
            }
            _echo.AddRange([v4, v6]);
            EchoPort = port;
            foreach (var l in _echo) _loops.Add(EchoLoop(l));
            return;
        }
    }

    private async Task EchoLoop(TcpListener l)
    {
        try
        {
            while (true)
            {
                var s = await l.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using (s)
                    {
                        var buf = new byte[1024];
                        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        cts.CancelAfter(Deadline);
                        try
                        {
                            int n;
                            while ((n = await s.ReceiveAsync(buf, cts.Token)) > 0) await s.SendAsync(buf.AsMemory(0, n), cts.Token);
                        }
                        catch (Exception e) when (e is SocketException or OperationCanceledException) { }
                    }
                });
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private async Task UdpEchoLoop()
    {
        var buf = new byte[2048];
        try
        {
            while (true)
            {
                var r = await UdpEcho.ReceiveFromAsync(buf, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                await UdpEcho.SendToAsync(buf.AsMemory(0, r.ReceivedBytes), r.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var l in _echo) l.Stop();
        UdpEcho.Dispose();
        await Open.DisposeAsync();
        await WithUser.DisposeAsync();
        try { await Task.WhenAll(_loops); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
