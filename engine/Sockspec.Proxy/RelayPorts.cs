using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>Picks a port for a BIND listener or UDP relay within the configured range (or lets the OS pick).</summary>
internal static class RelayPorts
{
    // Bounded so that an exhausted range fails fast instead of scanning 64K ports per request.
    private const int MaxAttempts = 256;

    public static T Bind<T>(ServerOptions o, Func<int, T> bind)
    {
        if (o.RelayPortMin == 0 && o.RelayPortMax == 0) return bind(0);
        int span = o.RelayPortMax - o.RelayPortMin + 1;
        int start = Random.Shared.Next(span);
        for (int i = 0; i < Math.Min(span, MaxAttempts); i++)
        {
            try
            {
                return bind(o.RelayPortMin + (start + i) % span);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse) { }
        }
        throw new RequestFailure(Codec.Socks5Rep.GeneralFailure, "no free port in the relay port range");
    }
}
