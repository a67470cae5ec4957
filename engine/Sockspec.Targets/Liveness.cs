using System.Net;
using System.Net.Sockets;

namespace Sockspec.Targets;

/// <summary>
/// Whether the target's address actively refuses TCP connections: the one sign of a dead listener that cannot be
/// mistaken for load. A reset arriving before the connect completes means something accepted (a target that resets
/// every connection is alive, and judged for it); a connect that merely times out (a full accept queue, a slow
/// machine) proves nothing, so it does not count as refused either.
/// </summary>
public static class Liveness
{
    public static async Task<bool> RefusesAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken ct)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token);
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode != SocketError.ConnectionReset;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
