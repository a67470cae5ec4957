using System.Net;
using System.Net.Sockets;

namespace Sockspec.Runner.Fixtures;

/// <summary>
/// A loopback TCP server that runs <c>serve</c> for each accepted connection, listening on 127.0.0.1 and, when the same
/// port is free there, on ::1 too (so that "localhost" and ATYP 04 ::1 reach it whichever address a proxy picks).
/// Each connection is bounded in time; the fixture stops when disposed. It remembers where its recent connections came
/// from (<see cref="SawPeerAsync"/>), so that a case can tell whether the BND a proxy reported is the socket it really
/// connected from.
/// </summary>
public sealed class TcpFixture : IAsyncDisposable
{
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromSeconds(60);

    private readonly List<Socket> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly List<Task> _loops = [];
    private readonly PeerLog _peers = new(PeerLogCapacity);

    /// <summary>A target opening connections without end cannot grow the log past this many peers.</summary>
    private const int PeerLogCapacity = 4096;

    private TcpFixture(Func<Socket, CancellationToken, Task> serve) => _serve = serve;

    public int Port { get; private set; }

    public IPEndPoint V4 => new(IPAddress.Loopback, Port);

    /// <summary>The ::1 endpoint, or null when ::1 was unavailable.</summary>
    public IPEndPoint? V6 { get; private set; }

    public static TcpFixture Start(Func<Socket, CancellationToken, Task> serve)
    {
        var f = new TcpFixture(serve);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var v4 = Listen(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)v4.LocalEndPoint!).Port;
            Socket? v6 = null;
            try
            {
                v6 = Listen(new IPEndPoint(IPAddress.IPv6Loopback, port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 19)
            {
                v4.Dispose();
                continue;
            }
            catch (SocketException)
            {
                v6 = null; // no IPv6 loopback on this machine: IPv4 alone
            }
            f.Port = port;
            f._listeners.Add(v4);
            if (v6 is not null)
            {
                f._listeners.Add(v6);
                f.V6 = new IPEndPoint(IPAddress.IPv6Loopback, port);
            }
            break;
        }
        foreach (var l in f._listeners) f._loops.Add(f.AcceptLoop(l));
        return f;
    }

    private static Socket Listen(IPEndPoint ep)
    {
        var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (ep.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
        try
        {
            s.Bind(ep);
            s.Listen(512);
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private async Task AcceptLoop(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            if (client.RemoteEndPoint is IPEndPoint peer) _peers.Add(peer);
            _ = ServeOne(client);
        }
    }

    /// <summary>
    /// Whether a connection from <paramref name="peer"/> arrived, waiting up to <paramref name="within"/> for it: the
    /// kernel completes the handshake before the accept loop gets to it, so a proxy's reply can come first.
    /// </summary>
    public async Task<bool> SawPeerAsync(IPEndPoint peer, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (!_peers.Contains(peer))
        {
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(20, ct);
        }
        return true;
    }

    private async Task ServeOne(Socket client)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(ConnectionLifetime);
        try
        {
            client.NoDelay = true;
            await _serve(client, cts.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A peer (the proxy) going away mid-conversation is normal for a fixture.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var l in _listeners) l.Dispose();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
