using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Runner.Fixtures;

/// <summary>
/// A loopback UDP echo that also remembers which payloads it saw, so that a case can prove a datagram was NOT relayed
/// (foreign source, FRAG != 0, after the association ended) by asking whether its unique token arrived.
/// </summary>
public sealed class UdpEcho : IAsyncDisposable
{
    private const int MaxRemembered = 10_000;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, IPEndPoint> _seen = new();
    private readonly Task _loop;

    public UdpEcho() : this(IPAddress.Loopback)
    {
    }

    /// <summary>An echo on <paramref name="local"/> (e.g. ::1 for the IPv6 cases); throws SocketException when it cannot bind.</summary>
    public UdpEcho(IPAddress local)
    {
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = false;
            _socket.Bind(new IPEndPoint(local, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _loop = Loop();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>True as soon as a datagram with exactly <paramref name="payload"/> arrived; false after the timeout.</summary>
    public async Task<bool> SawAsync(byte[] payload, TimeSpan timeout, CancellationToken ct)
    {
        var key = Convert.ToHexString(payload);
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_seen.ContainsKey(key)) return true;
            await Task.Delay(20, ct);
        }
        return _seen.ContainsKey(key);
    }

    private async Task Loop()
    {
        var buffer = new byte[65_535];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), _stop.Token);
                var data = buffer.AsMemory(0, r.ReceivedBytes);
                if (_seen.Count >= MaxRemembered) _seen.Clear();
                _seen[Convert.ToHexString(data.Span)] = (IPEndPoint)r.RemoteEndPoint;
                await _socket.SendToAsync(data, SocketFlags.None, r.RemoteEndPoint, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface on the next receive; keep serving.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
