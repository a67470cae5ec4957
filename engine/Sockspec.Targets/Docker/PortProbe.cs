using System.Net;
using System.Net.Sockets;

namespace Sockspec.Targets.Docker;

/// <summary>
/// Whether something accepts TCP connections at an endpoint (a connect that succeeds, then a close). Shared by the
/// container target and the runner's address and --exec targets.
/// </summary>
public static class PortProbe
{
    public static Task<bool> AcceptsAsync(int loopbackPort, TimeSpan timeout, CancellationToken cancellationToken) =>
        AcceptsAsync(new IPEndPoint(IPAddress.Loopback, loopbackPort), timeout, cancellationToken);

    public static async Task<bool> AcceptsAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
