using System.Net;
using System.Net.Sockets;
using Sockspec.Model;

namespace Sockspec.Runner.Wire;

/// <summary>A UDP socket on loopback whose datagrams (both ways, with the peer's address) go into the case's trace.</summary>
public sealed class TracedUdp : IDisposable, IAsyncDisposable
{
    /// <summary>Largest datagram accepted; UDP cannot carry more.</summary>
    private const int MaxDatagram = 65_535;

    private readonly Socket _socket;
    private readonly WireTrace _trace;
    private readonly byte[] _buffer = new byte[MaxDatagram];

    public TracedUdp(IPAddress local, string name, WireTrace trace)
    {
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(local, 0));
        _trace = trace;
        Name = name;
        _trace.Add(name, TraceDirection.Local, TraceEventKind.Note, default, $"udp socket {LocalEndPoint}");
    }

    public string Name { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public async Task SendToAsync(ReadOnlyMemory<byte> datagram, IPEndPoint to, CancellationToken ct = default)
    {
        _trace.Add(Name, TraceDirection.ToTarget, TraceEventKind.Data, datagram.Span, $"to {to}");
        try
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, to, ct);
        }
        catch (SocketException e)
        {
            _trace.Add(Name, TraceDirection.ToTarget, TraceEventKind.Note, default, $"send failed: {e.SocketErrorCode}");
        }
    }

    /// <summary>The next datagram and its source, or null when none arrived before the deadline.</summary>
    public async Task<(byte[] Data, IPEndPoint From)?> ReceiveAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = _trace.Elapsed + timeout;
        for (int errors = 0; errors < 16; errors++)
        {
            var left = deadline - _trace.Elapsed;
            if (left <= TimeSpan.Zero) break;
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(left);
            try
            {
                var r = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), cts.Token);
                var data = _buffer.AsSpan(0, r.ReceivedBytes).ToArray();
                var from = (IPEndPoint)r.RemoteEndPoint;
                _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Data, data, $"from {from}");
                return (data, from);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                // An ICMP port-unreachable from an earlier send surfaces here on Linux; it is not a datagram.
                _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Note, default, $"receive error {e.SocketErrorCode}");
            }
        }
        _trace.Add(Name, TraceDirection.FromTarget, TraceEventKind.Timeout, default, $"no datagram within {timeout.TotalMilliseconds:0} ms");
        return null;
    }

    public void Dispose() => _socket.Dispose();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
