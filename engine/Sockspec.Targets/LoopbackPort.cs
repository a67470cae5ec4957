using System.Net;
using System.Net.Sockets;

namespace Sockspec.Targets;

/// <summary>
/// A free loopback port for a proxy that sockspec starts and that binds it itself a moment later. Ports are taken
/// below Linux's ephemeral range (32768-60999): a port 0 would come from that range, where any outgoing connection on
/// the machine may take it between our check and the proxy's bind ("address already in use").
/// </summary>
public static class LoopbackPort
{
    private const int Low = 20000, High = 32767, Attempts = 64;

    public static int Pick()
    {
        for (int i = 0; i < Attempts; i++)
        {
            int port = Random.Shared.Next(Low, High + 1);
            if (Free(port)) return port;
        }
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.LocalEndPoint!).Port;
    }

    private static bool Free(int port)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
