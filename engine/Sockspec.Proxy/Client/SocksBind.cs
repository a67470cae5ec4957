using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>A BIND after its first reply: where the proxy listens. <see cref="AcceptAsync"/> reads the second reply.</summary>
public sealed class SocksBind : IDisposable
{
    private readonly SocksClient _client;
    private readonly Socket _socket;
    private bool _accepted;

    internal SocksBind(SocksClient client, Socket socket, SocksAddress address, ushort port)
    {
        _client = client;
        _socket = socket;
        ListenAddress = address;
        ListenPort = port;
    }

    /// <summary>BND of the first reply: where the peer must connect (SOCKS4: 0.0.0.0 means the proxy's address).</summary>
    public SocksAddress ListenAddress { get; }

    public ushort ListenPort { get; }

    /// <summary>Waits for the second reply; the connection it returns carries the peer's address and relays to it.</summary>
    public async Task<SocksConnection> AcceptAsync(CancellationToken ct = default)
    {
        if (_accepted) throw new InvalidOperationException("the second BIND reply has already been read");
        _accepted = true;
        var stream = new NetworkStream(_socket, ownsSocket: false);
        var (addr, port) = _client.Version == SocksVersion.Socks5
            ? await SocksClient.ReadSocks5ReplyAsync(stream, _client.BindTimeout, ct).ConfigureAwait(false)
            : await SocksClient.ReadSocks4ReplyAsync(stream, _client.BindTimeout, ct).ConfigureAwait(false);
        return new SocksConnection(_socket, addr, port);
    }

    public void Dispose()
    {
        if (!_accepted) _socket.Dispose();
    }
}
