using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>The listening socket of a BIND: in the relay port range, on the address the client reached us at.</summary>
internal static class BindListener
{
    public static Socket Open(IPAddress local, ServerOptions o)
    {
        return RelayPorts.Bind(o, port =>
        {
            var s = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
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
