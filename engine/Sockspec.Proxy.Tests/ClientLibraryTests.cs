using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Proxy.Tests;

/// <summary>The client library against the reference server: every version and command, end to end.</summary>
public class ClientLibraryTests
{
    [Theory]
    [InlineData(SocksVersion.Socks4, "127.0.0.1")]
    [InlineData(SocksVersion.Socks4, "localhost")]
    [InlineData(SocksVersion.Socks4a, "localhost")]
    [InlineData(SocksVersion.Socks5, "127.0.0.1")]
    [InlineData(SocksVersion.Socks5, "localhost")]
    public async Task Connect_relays_both_ways(SocksVersion version, string host)
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        var client = new SocksClient(ep, version);
        using var conn = await client.ConnectAsync(host, echo.EndPoint.Port);
        await conn.Stream.WriteAsync("hello"u8.ToArray());
        var buf = new byte[5];
        await conn.Stream.ReadExactlyAsync(buf);
        Assert.Equal("hello"u8.ToArray(), buf);
    }

    [Theory]
    [InlineData(SocksVersion.Socks4)]
    [InlineData(SocksVersion.Socks4a)]
    [InlineData(SocksVersion.Socks5)]
    public async Task HandshakeAsync_runs_over_a_stream_the_caller_opened_and_leaves_it_at_the_relay(SocksVersion version)
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ep);
        // A BufferedStream in between: the handshake must work on any Stream, not only on a NetworkStream.
        await using var stream = new BufferedStream(new NetworkStream(socket, ownsSocket: false));
        var (address, port) = await new SocksClient(ep, version).HandshakeAsync(stream, 1, SocksAddress.Parse("127.0.0.1"), (ushort)echo.EndPoint.Port);
        Assert.Equal((byte)AddressType.IPv4, address.Atyp);
        Assert.NotEqual(0, port);
        await stream.WriteAsync("hello"u8.ToArray());
        await stream.FlushAsync();
        var buf = new byte[5];
        await stream.ReadExactlyAsync(buf);
        Assert.Equal("hello"u8.ToArray(), buf);
    }

    [Fact]
    public async Task Username_password_works_and_a_wrong_password_is_a_protocol_exception_with_the_status()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using (await new SocksClient(ep) { UserName = "alice", Password = "secret" }.ConnectAsync("127.0.0.1", echo.EndPoint.Port)) { }
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() =>
            new SocksClient(ep) { UserName = "alice", Password = "nope" }.ConnectAsync("127.0.0.1", echo.EndPoint.Port));
        Assert.Equal((byte)1, e.ReplyCode);
        var none = await Assert.ThrowsAsync<SocksProtocolException>(() => new SocksClient(ep).ConnectAsync("127.0.0.1", echo.EndPoint.Port));
        Assert.Equal((byte)0xFF, none.ReplyCode);
    }

    [Fact]
    public async Task SOCKS4_USERID_must_name_a_configured_user()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using (await new SocksClient(ep, SocksVersion.Socks4) { UserName = "alice" }.ConnectAsync("127.0.0.1", echo.EndPoint.Port)) { }
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() =>
            new SocksClient(ep, SocksVersion.Socks4) { UserName = "mallory" }.ConnectAsync("127.0.0.1", echo.EndPoint.Port));
        Assert.Equal((byte)91, e.ReplyCode);
    }

    [Fact]
    public async Task A_refused_connect_is_REP_05()
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() => new SocksClient(ep).ConnectAsync("127.0.0.1", 1));
        Assert.Equal((byte)Socks5Rep.ConnectionRefused, e.ReplyCode);
    }

    [Theory]
    [InlineData(SocksVersion.Socks5)]
    [InlineData(SocksVersion.Socks4)]
    public async Task Bind_gives_two_replies_and_the_second_names_the_peer(SocksVersion version)
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        var client = new SocksClient(ep, version);
        using var bind = await client.BindAsync(SocksAddress.Parse("127.0.0.1"), 0);
        var listen = new IPEndPoint(bind.ListenAddress.ToIPAddress()!, bind.ListenPort);
        Assert.Equal(IPAddress.Loopback, listen.Address);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(listen);
        using var conn = await bind.AcceptAsync();
        Assert.Equal(peer.LocalEndPoint, new IPEndPoint(conn.BoundAddress.ToIPAddress()!, conn.BoundPort));
        await peer.SendAsync("from peer"u8.ToArray(), SocketFlags.None);
        var buf = new byte[9];
        await conn.Stream.ReadExactlyAsync(buf);
        Assert.Equal("from peer"u8.ToArray(), buf);
        await conn.Stream.WriteAsync("to peer"u8.ToArray());
        var back = new byte[7];
        int n = 0;
        while (n < 7) n += await peer.ReceiveAsync(back.AsMemory(n), SocketFlags.None);
        Assert.Equal("to peer"u8.ToArray(), back);
    }

    [Fact]
    public async Task Bind_refuses_a_peer_other_than_the_one_named_with_REP_02()
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var bind = await new SocksClient(ep).BindAsync(SocksAddress.Parse("127.0.0.2"), 0);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, bind.ListenPort));
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() => bind.AcceptAsync());
        Assert.Equal((byte)Socks5Rep.ConnectionNotAllowedByRuleset, e.ReplyCode);
    }

    [Fact]
    public async Task Bind_with_no_peer_times_out_with_REP_06()
    {
        var (server, ep, _) = await TestServer.StartAsync(o => o.BindTimeout = TimeSpan.FromMilliseconds(300));
        await using var _s = server;
        using var bind = await new SocksClient(ep).BindAsync(SocksAddress.Parse("0.0.0.0"), 0);
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() => bind.AcceptAsync());
        Assert.Equal((byte)Socks5Rep.TtlExpired, e.ReplyCode);
    }

    [Fact]
    public async Task Udp_associate_relays_both_ways_with_the_header()
    {
        using var echo = new UdpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var udp = await new SocksClient(ep).UdpAssociateAsync();
        foreach (var dst in new[] { SocksAddress.Parse("127.0.0.1"), SocksAddress.FromDomain("localhost") })
        {
            await udp.SendAsync(dst, (ushort)echo.EndPoint.Port, "datagram"u8.ToArray());
            var (from, port, data) = await udp.ReceiveAsync();
            Assert.Equal(IPAddress.Loopback, from.ToIPAddress());
            Assert.Equal(echo.EndPoint.Port, port);
            Assert.Equal("datagram"u8.ToArray(), data);
        }
    }

    [Fact]
    public async Task Udp_datagrams_with_FRAG_or_from_another_source_are_dropped_and_the_association_ends_with_TCP()
    {
        using var echo = new UdpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        var udp = await new SocksClient(ep) { Timeout = TimeSpan.FromMilliseconds(500) }.UdpAssociateAsync();
        var dst = SocksAddress.Parse("127.0.0.1");
        // FRAG 1: dropped.
        var frag = new byte[64];
        int n = SocksUdp.Wrap(dst, (ushort)echo.EndPoint.Port, "frag"u8, frag, frag: 1);
        await udp.Udp.SendToAsync(frag.AsMemory(0, n), SocketFlags.None, udp.RelayEndPoint);
        await Assert.ThrowsAsync<TimeoutException>(() => udp.ReceiveAsync());
        // Another socket (another port than the one declared): dropped, so the echo never answers anyone.
        using (var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            await other.SendToAsync(SocksUdp.Wrap(dst, (ushort)echo.EndPoint.Port, "foreign"u8), SocketFlags.None, udp.RelayEndPoint);
            using var cts = new CancellationTokenSource(500);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                await other.ReceiveFromAsync(new byte[100], SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token));
        }
        await Assert.ThrowsAsync<TimeoutException>(() => udp.ReceiveAsync());
        // A clean datagram still works.
        await udp.SendAsync(dst, (ushort)echo.EndPoint.Port, "ok"u8.ToArray());
        Assert.Equal("ok"u8.ToArray(), (await udp.ReceiveAsync()).Data);
        // Close TCP: the relay stops.
        var relay = udp.RelayEndPoint;
        var clientEndPoint = udp.Udp.LocalEndPoint!;
        udp.Dispose();
        await Task.Delay(300);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(clientEndPoint);
        await probe.SendToAsync(SocksUdp.Wrap(dst, (ushort)echo.EndPoint.Port, "late"u8), SocketFlags.None, relay);
        using var late = new CancellationTokenSource(500);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
            await probe.ReceiveFromAsync(new byte[100], SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), late.Token));
    }
}
