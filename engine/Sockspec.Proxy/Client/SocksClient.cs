using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// A strict SOCKS4/4a/5 client: CONNECT, BIND (both replies) and UDP ASSOCIATE, every ATYP, no authentication or
/// RFC 1929 username/password. Every reply is read with the codec under <see cref="Timeout"/>; a refusal or any rule
/// the server breaks is a <see cref="SocksProtocolException"/>.
/// </summary>
public sealed class SocksClient(EndPoint proxy, SocksVersion version = SocksVersion.Socks5)
{
    public EndPoint Proxy { get; } = proxy;

    public SocksVersion Version { get; } = version;

    /// <summary>SOCKS5: RFC 1929 user name (with <see cref="Password"/>). SOCKS4/4a: the USERID.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>Deadline for the proxy's connection and each of its replies.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="SocksBind.AcceptAsync"/> waits for the second BIND reply.</summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Task<SocksConnection> ConnectAsync(string host, int port, CancellationToken ct = default) =>
        ConnectAsync(SocksAddress.Parse(host), checked((ushort)port), ct);

    public async Task<SocksConnection> ConnectAsync(SocksAddress dst, ushort port, CancellationToken ct = default)
    {
        var s = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            var (addr, bport) = await RequestAsync(s, 1, dst, port, ct).ConfigureAwait(false);
            return new SocksConnection(s, addr, bport);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>Sends BIND and reads the first reply (the listening address); the second comes from <see cref="SocksBind.AcceptAsync"/>.</summary>
    public async Task<SocksBind> BindAsync(SocksAddress expectedPeer, ushort port, CancellationToken ct = default)
    {
        var s = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            var (addr, bport) = await RequestAsync(s, 2, expectedPeer, port, ct).ConfigureAwait(false);
            return new SocksBind(this, s, addr, bport);
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    /// <summary>
    /// UDP ASSOCIATE from a fresh UDP socket on <paramref name="localUdp"/> (default: the address family of the proxy,
    /// loopback, port 0). The request declares that socket's address, so the server may filter on it.
    /// </summary>
    public async Task<SocksUdpAssociation> UdpAssociateAsync(IPEndPoint? localUdp = null, CancellationToken ct = default)
    {
        if (Version != SocksVersion.Socks5) throw new NotSupportedException("UDP ASSOCIATE is SOCKS5 only");
        var s = await OpenAsync(ct).ConfigureAwait(false);
        var udp = new Socket(localUdp?.AddressFamily ?? Proxy.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(localUdp ?? new IPEndPoint(Proxy.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            var local = (IPEndPoint)udp.LocalEndPoint!;
            var (addr, bport) = await RequestAsync(s, 3, SocksAddress.FromIPAddress(local.Address), (ushort)local.Port, ct).ConfigureAwait(false);
            var relayIp = addr.ToIPAddress() ?? throw new SocksProtocolException("UDP ASSOCIATE reply names the relay by domain");
            // An unspecified BND means "the proxy's own address" in practice.
            if (relayIp.Equals(IPAddress.Any) || relayIp.Equals(IPAddress.IPv6Any)) relayIp = ((IPEndPoint)s.RemoteEndPoint!).Address;
            if (relayIp.AddressFamily != udp.AddressFamily && localUdp is null)
            {
                // A relay of the other family (an IPv6 BND from a proxy reached over IPv4, or the reverse) cannot be
                // reached from the declared socket: the datagrams leave from a socket of the relay's family instead.
                udp.Dispose();
                udp = new Socket(relayIp.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(relayIp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
            }
            return new SocksUdpAssociation(s, udp, new IPEndPoint(relayIp, bport), Timeout);
        }
        catch
        {
            udp.Dispose();
            s.Dispose();
            throw;
        }
    }

    private async Task<Socket> OpenAsync(CancellationToken ct)
    {
        var s = new Socket(Proxy.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            await s.ConnectAsync(Proxy, deadline.Token).ConfigureAwait(false);
            return s;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            s.Dispose();
            throw new TimeoutException($"could not connect to the proxy at {Proxy} within {Timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }

    private Task<(SocksAddress, ushort)> RequestAsync(Socket s, byte cmd, SocksAddress dst, ushort port, CancellationToken ct) =>
        HandshakeAsync(new NetworkStream(s, ownsSocket: false), cmd, dst, port, ct);

    /// <summary>
    /// The whole handshake (greeting, authentication, request, reply) over a stream that is already connected to the
    /// proxy: a tunnel, an in-memory transport, or the fuzzer's scripted proxy. <paramref name="command"/> is CMD
    /// (1 CONNECT, 2 BIND, 3 UDP ASSOCIATE); returns BND.ADDR and BND.PORT (SOCKS4: DSTIP and DSTPORT) of the reply.
    /// Reads never go past the reply, so what follows it is left in the stream. Every read is bounded by
    /// <see cref="Timeout"/> and by the message's own maximum length.
    /// </summary>
    public Task<(SocksAddress Address, ushort Port)> HandshakeAsync(Stream proxy, byte command, SocksAddress dst, ushort port, CancellationToken ct = default) =>
        Version == SocksVersion.Socks5 ? Socks5RequestAsync(proxy, command, dst, port, ct) : Socks4RequestAsync(proxy, command, dst, port, ct);

    private async Task<(SocksAddress, ushort)> Socks5RequestAsync(Stream s, byte cmd, SocksAddress dst, ushort port, CancellationToken ct)
    {
        bool auth = UserName is not null;
        var greeting = auth ? new Socks5Greeting(0x00, 0x02) : new Socks5Greeting(0x00);
        await ReplyReader.SendAsync(s, greeting, ct).ConfigureAwait(false);
        var selection = await ReplyReader.ReadAsync<Socks5MethodSelection>(s, 2, Timeout, ct).ConfigureAwait(false);
        if (selection.Method == (byte)Socks5Method.NoAcceptableMethods)
            throw new SocksProtocolException("the proxy accepts none of the offered methods", replyCode: selection.Method);
        if (!greeting.Methods.Span.Contains(selection.Method))
            throw new SocksProtocolException($"the proxy selected method 0x{selection.Method:X2}, which was not offered");
        if (selection.Method == (byte)Socks5Method.UsernamePassword)
        {
            await ReplyReader.SendAsync(s, new UsernamePasswordRequest(UserName!, Password ?? ""), ct).ConfigureAwait(false);
            var response = await ReplyReader.ReadAsync<UsernamePasswordResponse>(s, 2, Timeout, ct).ConfigureAwait(false);
            if (!response.Succeeded)
                throw new SocksProtocolException($"authentication failed (STATUS 0x{response.Status:X2})", replyCode: response.Status);
        }
        await ReplyReader.SendAsync(s, new Socks5Request((Socks5Command)cmd, dst, port), ct).ConfigureAwait(false);
        return await ReadSocks5ReplyAsync(s, Timeout, ct).ConfigureAwait(false);
    }

    internal static async Task<(SocksAddress, ushort)> ReadSocks5ReplyAsync(Stream s, TimeSpan timeout, CancellationToken ct)
    {
        var reply = await ReplyReader.ReadSocks5ReplyAsync(s, timeout, ct).ConfigureAwait(false);
        if (!reply.Succeeded)
            throw new SocksProtocolException($"the proxy refused: REP 0x{reply.Rep:X2} ({(Socks5Rep)reply.Rep})", replyCode: reply.Rep);
        return (reply.BndAddr, reply.BndPort);
    }

    private async Task<(SocksAddress, ushort)> Socks4RequestAsync(Stream s, byte cmd, SocksAddress dst, ushort port, CancellationToken ct)
    {
        string user = UserName ?? "";
        Socks4Request request;
        if (dst.Atyp == (byte)AddressType.IPv4 && dst.Bytes.Length == 4)
        {
            request = new Socks4Request((Socks4Command)cmd, BinaryPrimitives.ReadUInt32BigEndian(dst.Bytes.Span), port, user);
        }
        else if (dst.Atyp == (byte)AddressType.DomainName && Version == SocksVersion.Socks4a)
        {
            request = new Socks4Request((Socks4Command)cmd, 1, port, user, Encoding.ASCII.GetString(dst.Bytes.Span));
        }
        else if (dst.Atyp == (byte)AddressType.DomainName)
        {
            // Plain SOCKS4 carries only IPv4: resolve here, as SOCKS4 clients do.
            var addresses = await Dns.GetHostAddressesAsync(Encoding.ASCII.GetString(dst.Bytes.Span), AddressFamily.InterNetwork, ct).ConfigureAwait(false);
            if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
            request = new Socks4Request((Socks4Command)cmd, BinaryPrimitives.ReadUInt32BigEndian(addresses[0].GetAddressBytes()), port, user);
        }
        else
        {
            throw new NotSupportedException("SOCKS4 cannot carry an IPv6 destination");
        }
        await ReplyReader.SendAsync(s, request, ct).ConfigureAwait(false);
        return await ReadSocks4ReplyAsync(s, Timeout, ct).ConfigureAwait(false);
    }

    internal static async Task<(SocksAddress, ushort)> ReadSocks4ReplyAsync(Stream s, TimeSpan timeout, CancellationToken ct)
    {
        var reply = await ReplyReader.ReadAsync<Socks4Reply>(s, 8, timeout, ct).ConfigureAwait(false);
        if (!reply.Granted)
            throw new SocksProtocolException($"the proxy refused: CD {reply.Cd} ({(Socks4Cd)reply.Cd})", replyCode: reply.Cd);
        Span<byte> ip = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(ip, reply.DstIp);
        return (new SocksAddress((byte)AddressType.IPv4, ip), reply.DstPort);
    }
}
