using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// An established SOCKS connection: the socket (positioned right after the reply: the client never reads past it),
/// and the bound address the reply carried.
/// </summary>
public sealed class SocksConnection(Socket socket, SocksAddress boundAddress, ushort boundPort) : IDisposable
{
    private NetworkStream? _stream;

    public Socket Socket { get; } = socket;

    public NetworkStream Stream => _stream ??= new NetworkStream(Socket, ownsSocket: false);

    /// <summary>BND.ADDR (SOCKS5) or DSTIP (SOCKS4) of the last reply.</summary>
    public SocksAddress BoundAddress { get; } = boundAddress;

    public ushort BoundPort { get; } = boundPort;

    public void Dispose()
    {
        _stream?.Dispose();
        Socket.Dispose();
    }
}
