using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// The listening socket of a BIND: in the relay port range, on the address the client reached us at, or, when the
/// expected peer is of the other family (a BIND naming ::1 from a client on 127.0.0.1), on our address toward it.
/// </summary>
internal static class BindListener
{
    /// <summary>
    /// Where to listen: <paramref name="controlLocal"/> when the expected peer (DST) is unknown or of its family, since
    /// the first reply's BND must be an address that peer can reach (§6).
    /// </summary>
    public static IPAddress LocalFor(IPAddress controlLocal, IPAddress[]? expected)
    {
        if (expected is null || expected.Length == 0) return controlLocal;
        var peers = expected.Select(DestinationRule.Normalize).ToArray();
        if (peers.Any(a => a.AddressFamily == controlLocal.AddressFamily)) return controlLocal;
        var peer = peers[0];
        if (IPAddress.IsLoopback(peer)) return peer.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        try
        {
            // A connected UDP socket sends nothing; it only asks the routing table which local address reaches the peer.
            using var probe = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(peer, 9));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException e)
        {
            throw new RequestFailure(Outbound.RepOf(e.SocketErrorCode), $"no local address toward the BIND peer {peer}");
        }
    }

    public static Socket Open(IPAddress local, ServerOptions o)
    {
        return RelayPorts.Bind(o, port =>
        {
            var s = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (local.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
                s.Bind(new IPEndPoint(local, port));
                s.Listen(1);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
    }

    /// <summary>
    /// Waits for the one inbound connection. Gives up with REP 06 when the BIND timeout passes, and at once when the
    /// client closes its control connection (nobody is left to tell).
    /// </summary>
    public static async Task<Socket> AcceptAsync(Socket listener, Socket control, TimeSpan timeout, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        cts.CancelAfter(timeout);
        var accept = listener.AcceptAsync(cts.Token).AsTask();
        var watch = WatchCloseAsync(control, cts.Token);
        var first = await Task.WhenAny(accept, watch).ConfigureAwait(false);
        if (first == watch && await watch.ConfigureAwait(false) && !accept.IsCompletedSuccessfully)
        {
            await cts.CancelAsync().ConfigureAwait(false);
            throw new RequestFailure(Socks5Rep.GeneralFailure, "client closed while BIND waited");
        }
        try
        {
            return await accept.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            throw new RequestFailure(Socks5Rep.TtlExpired, "no inbound connection before the BIND timeout");
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when the control connection closed; false when cancelled.</summary>
    private static async Task<bool> WatchCloseAsync(Socket control, CancellationToken ct)
    {
        try
        {
            // A one-byte peek waits for data or the FIN without consuming anything. (A zero-byte receive plus
            // Available == 0 was racy: it could complete with nothing to read while the client was still there.)
            var one = new byte[1];
            if (await control.ReceiveAsync(one, SocketFlags.Peek, ct).ConfigureAwait(false) == 0) return true;
            // Data from a client that sends early: leave it for the relay and stop watching.
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { return true; }
        return false;
    }
}
