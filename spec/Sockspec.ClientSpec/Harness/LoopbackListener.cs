using System.Net;
using System.Net.Sockets;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// A listener on 127.0.0.1, port 0. On a machine whose ephemeral ports are crowded by TIME_WAIT sockets (load tests,
/// thousands of short cases) the kernel can answer a port-0 bind with EADDRINUSE; a few retries ride that out.
/// </summary>
internal static class LoopbackListener
{
    public static TcpListener Start(int backlog)
    {
        for (int attempt = 1; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            try
            {
                listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                listener.Start(backlog);
                return listener;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                listener.Dispose();
                Thread.Sleep(25 * attempt);
            }
        }
    }
}
