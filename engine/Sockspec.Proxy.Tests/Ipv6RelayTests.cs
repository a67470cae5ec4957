using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Proxy.Tests;

/// <summary>
/// IPv6 through the reference proxy (issue 13): UDP datagrams to and from IPv6 hosts carry the 22-octet ATYP 04
/// header both ways, whichever family the client came in on, and a BIND naming an IPv6 peer listens where it can reach.
/// </summary>
public class Ipv6RelayTests
{
    private static byte[] Header(IPEndPoint to) =>
        [0, 0, 0, to.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)4 : (byte)1, .. to.Address.GetAddressBytes(), (byte)(to.Port >> 8), (byte)to.Port];

    /// <summary>Handshake and UDP ASSOCIATE declaring <paramref name="udp"/>'s address; returns the control connection and the relay.</summary>
    private static async Task<(RawClient Control, IPEndPoint Relay)> AssociateAsync(IPEndPoint server, Socket udp)
    {
        var c = await RawClient.ConnectAsync(server);
        await c.SendAsync(5, 1, 0);
        Assert.Equal(new byte[] { 5, 0 }, await c.ReadAsync(2));
        var local = (IPEndPoint)udp.LocalEndPoint!;
        await c.SendAsync([5, 3, 0, .. Header(local)[3..]]);
        var head = await c.ReadAsync(4);
        Assert.Equal(new byte[] { 5, 0, 0 }, head[..3]);
        var rest = await c.ReadAsync(head[3] == 4 ? 18 : 6);
        var relay = new IPEndPoint(new IPAddress(rest.AsSpan(0, rest.Length - 2)), BinaryPrimitives.ReadUInt16BigEndian(rest.AsSpan(rest.Length - 2)));
        return (c, relay);
    }

    private static Socket Udp(IPAddress local)
    {
        var s = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(local, 0));
        return s;
    }

    private static async Task<byte[]> ReceiveAsync(Socket udp)
    {
        var buf = new byte[65536];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var any = udp.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var r = await udp.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(any, 0), cts.Token);
        return buf[..r.ReceivedBytes];
    }

    private static async Task<ReferenceServer> ServeOnAsync(IPAddress address)
    {
        var o = new ServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(3) };
        o.Listen.Add(new IPEndPoint(address, 0));
        return await ReferenceServer.StartAsync(o);
    }

    [Theory]
    [InlineData("127.0.0.1", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("::1", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public async Task A_datagram_reaches_the_host_and_its_answer_comes_back_under_the_exact_header(string client, string host)
    {
        using var echo = new UdpEcho(IPAddress.Parse(host));
        await using var server = await ServeOnAsync(IPAddress.Parse(client));
        using var udp = Udp(IPAddress.Parse(client));
        var (control, relay) = await AssociateAsync(server.Endpoints[0], udp);
        using var _ = control;
        Assert.Equal(IPAddress.Parse(client), relay.Address);

        var header = Header(echo.EndPoint);
        Assert.Equal(host.Contains(':') ? 22 : 10, header.Length);
        byte[] payload = [.. "ipv6 relay "u8, .. Guid.NewGuid().ToByteArray()];
        await udp.SendToAsync((byte[])[.. header, .. payload], SocketFlags.None, relay);

        // The whole answer, octet for octet: the same header (RSV, FRAG 00, ATYP, every address octet, port in network
        // order) naming the host, then the payload unchanged.
        byte[] expected = [.. header, .. payload];
        Assert.Equal(expected, await ReceiveAsync(udp));
    }

    [Fact]
    public async Task An_ipv4_mapped_destination_goes_out_as_ipv4_and_its_answer_is_named_as_ipv4()
    {
        using var echo = new UdpEcho();
        await using var server = await ServeOnAsync(IPAddress.Loopback);
        using var udp = Udp(IPAddress.Loopback);
        var (control, relay) = await AssociateAsync(server.Endpoints[0], udp);
        using var _ = control;
        var mapped = new IPEndPoint(echo.EndPoint.Address.MapToIPv6(), echo.EndPoint.Port);
        await udp.SendToAsync((byte[])[.. Header(mapped), .. "mapped"u8], SocketFlags.None, relay);
        byte[] expected = [.. Header(echo.EndPoint), .. "mapped"u8];
        Assert.Equal(expected, await ReceiveAsync(udp));
    }

    [Fact]
    public async Task A_bind_naming_an_ipv6_peer_listens_on_ipv6_and_names_the_peer_in_the_second_reply()
    {
        await using var server = await ServeOnAsync(IPAddress.Loopback);
        using var c = await RawClient.ConnectAsync(server.Endpoints[0]);
        await c.SendAsync(5, 1, 0);
        Assert.Equal(new byte[] { 5, 0 }, await c.ReadAsync(2));
        await c.SendAsync([5, 2, 0, .. Header(new IPEndPoint(IPAddress.IPv6Loopback, 0))[3..]]);
        var first = await c.ReadAsync(22);
        Assert.Equal([5, 0, 0, 4, .. IPAddress.IPv6Loopback.GetAddressBytes()], first[..20]);
        var listen = new IPEndPoint(IPAddress.IPv6Loopback, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(20)));

        using var peer = await RawClient.ConnectAsync(listen);
        var from = (IPEndPoint)peer.Socket.LocalEndPoint!;
        byte[] second = [5, 0, 0, .. Header(from)[3..]];
        Assert.Equal(second, await c.ReadAsync(22));
        await peer.SendAsync("from peer"u8.ToArray());
        Assert.Equal("from peer"u8.ToArray(), await c.ReadAsync(9));
        await c.SendAsync("to peer"u8.ToArray());
        Assert.Equal("to peer"u8.ToArray(), await peer.ReadAsync(7));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task The_reference_client_sends_and_reads_atyp_04_datagrams(string proxy)
    {
        using var echo = new UdpEcho(IPAddress.IPv6Loopback);
        await using var server = await ServeOnAsync(IPAddress.Parse(proxy));
        using var udp = await new SocksClient(server.Endpoints[0]).UdpAssociateAsync();
        await udp.SendAsync(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), (ushort)echo.EndPoint.Port, "v6 datagram"u8.ToArray());
        var (from, port, data) = await udp.ReceiveAsync();
        Assert.Equal((byte)AddressType.IPv6, from.Atyp);
        Assert.Equal(IPAddress.IPv6Loopback, from.ToIPAddress());
        Assert.Equal(echo.EndPoint.Port, port);
        Assert.Equal("v6 datagram"u8.ToArray(), data);
    }
}
