using System.Net;
using System.Net.Sockets;

namespace Sockspec.Targets;

/// <summary>
/// Whether the target's address actively refuses TCP connections: the one sign of a dead listener that cannot be
/// mistaken for load. A reset arriving before the connect completes means something accepted (a target that resets
/// every connection is alive, and judged for it); a connect that merely times out (a full accept queue, a slow
/// machine) proves nothing, so it does not count as refused either. Whether it still answers at all is
/// <see cref="IgnoresAsync"/>'s question, asked only when nothing else is running.
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

    /// <summary>
    /// Whether the target ignores <paramref name="hello"/> (a greeting any SOCKS server reacts to): the connect times
    /// out, or it completes and neither a byte, a close nor a reset comes back within <paramref name="timeout"/>. Any
    /// reaction, a refusal or a reset included, is not ignoring: those are judged elsewhere.
    /// </summary>
    public static async Task<bool> IgnoresAsync(IPEndPoint endPoint, ReadOnlyMemory<byte> hello, TimeSpan timeout, CancellationToken ct)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token);
            await socket.SendAsync(hello, SocketFlags.None, cts.Token);
            // One byte is enough to tell: the buffer is not the reply's size, so a flood cannot make this allocate.
            var one = new byte[1];
            await socket.ReceiveAsync(one, SocketFlags.None, cts.Token);
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return true;
        }
    }
}
