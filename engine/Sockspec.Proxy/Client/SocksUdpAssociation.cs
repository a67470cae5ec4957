using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// A UDP association: the TCP control connection (the association lives as long as it does) and the client's UDP
/// socket. Send and receive wrap and unwrap the RFC 1928 §7 header.
/// </summary>
public sealed class SocksUdpAssociation : IDisposable
{
    private readonly TimeSpan _timeout;

    internal SocksUdpAssociation(Socket control, Socket udp, IPEndPoint relay, TimeSpan timeout)
    {
        Control = control;
        Udp = udp;
        RelayEndPoint = relay;
        _timeout = timeout;
    }

    public Socket Control { get; }

    public Socket Udp { get; }

    /// <summary>Where datagrams go: BND of the reply (RFC 1928 §6: "MUST send" there).</summary>
    public IPEndPoint RelayEndPoint { get; }

    public async Task SendAsync(SocksAddress dst, ushort port, ReadOnlyMemory<byte> data, CancellationToken ct = default)
    {
        var datagram = SocksUdp.Wrap(dst, port, data.Span);
        await Udp.SendToAsync(datagram, SocketFlags.None, RelayEndPoint, ct).ConfigureAwait(false);
    }

    /// <summary>The next datagram from the relay, unwrapped; a datagram from anywhere else is ignored.</summary>
    public async Task<(SocksAddress From, ushort Port, byte[] Data)> ReceiveAsync(CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                var r = await Udp.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(RelayEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), deadline.Token).ConfigureAwait(false);
                if (!r.RemoteEndPoint.Equals(RelayEndPoint)) continue;
                var span = buffer.AsSpan(0, r.ReceivedBytes);
                var result = Socks5UdpHeader.TryRead(span, out var header);
                if (result.Status == ReadStatus.Invalid)
                    throw new SocksProtocolException("UDP reply header cannot be framed", result.Violations, result.Error);
                if (result.Status != ReadStatus.Done)
                    throw new SocksProtocolException("UDP reply header truncated");
                if (!result.Violations.IsEmpty || header.Frag != 0)
                    throw new SocksProtocolException($"UDP reply header: {result.Violations}{(header.Frag != 0 ? " FRAG != 0" : "")}", result.Violations);
                return (header.DstAddr, header.DstPort, span[result.Consumed..].ToArray());
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no datagram from the relay within {_timeout.TotalSeconds:0.#} s");
        }
    }

    public void Dispose()
    {
        Udp.Dispose();
        Control.Dispose();
    }
}
