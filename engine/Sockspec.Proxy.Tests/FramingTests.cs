using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy.Tests;

/// <summary>Split, pipelined, truncated, oversized and garbage input; half-close.</summary>
public class FramingTests
{
    private static byte[] AuthedConnect(TcpEcho echo) =>
    [
        5, 1, 2,
        1, 5, .. "alice"u8, 6, .. "secret"u8,
        5, 1, 0, 1, 127, 0, 0, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port,
    ];

    [Fact]
    public async Task A_handshake_sent_one_byte_at_a_time_works()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        foreach (byte b in AuthedConnect(echo))
        {
            await c.SendAsync(b);
            await Task.Delay(2);
        }
        Assert.Equal([5, 2, 1, 0, 5, 0], (await c.ReadAsync(14))[..6]);
        await c.SendAsync("x"u8.ToArray());
        Assert.Equal("x"u8.ToArray(), await c.ReadAsync(1));
    }

    [Fact]
    public async Task Greeting_auth_request_and_data_in_one_write_all_arrive()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([.. AuthedConnect(echo), .. "early data"u8]);
        var all = await c.ReadAsync(2 + 2 + 10 + 10);
        Assert.Equal([5, 2, 1, 0, 5, 0], all[..6]);
        Assert.Equal("early data"u8.ToArray(), all[14..]);
    }

    [Fact]
    public async Task SOCKS4_with_data_pipelined_behind_the_request_works()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([4, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port, 0, 0, 0, 1, .. "u"u8, 0, .. "localhost"u8, 0, .. "hi"u8]);
        var all = await c.ReadAsync(10);
        Assert.Equal([0, 90], all[..2]);
        Assert.Equal("hi"u8.ToArray(), all[8..]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_half_close_reaches_the_target_and_its_reply_still_comes_back(bool splice)
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.UseSplice = splice);
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        var payload = new byte[3_000_000];
        Random.Shared.NextBytes(payload);
        await c.SendAsync([5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port]);
        Assert.Equal(12, (await c.ReadAsync(12)).Length);
        var reader = c.ReadAsync(payload.Length + 1, 20);
        await c.Socket.SendAsync(payload, SocketFlags.None);
        c.Socket.Shutdown(SocketShutdown.Send);
        // The echo sends everything back and only then closes: all of it must arrive, then the EOF.
        var back = await reader;
        Assert.Equal(payload.Length, back.Length);
        Assert.True(payload.AsSpan().SequenceEqual(back));
    }

    [Theory]
    [InlineData(new byte[] { 5 })]
    [InlineData(new byte[] { 5, 2, 0 })]
    [InlineData(new byte[] { 5, 1, 0, 5, 1, 0, 3, 10, 0x61 })]
    [InlineData(new byte[] { 4, 1, 0, 80, 127, 0, 0, 1, 0x61 })]
    public async Task A_truncated_handshake_then_close_leaves_the_server_serving(byte[] bytes)
    {
        await using var echo = new TcpEcho();
        var (server, ep, log) = await TestServer.StartAsync();
        await using var _s = server;
        using (var c = await RawClient.ConnectAsync(ep))
        {
            await c.SendAsync(bytes);
            // Half-close and drain before closing: a socket closed with the server's method selection still unread
            // sends a reset instead of a FIN, and the server would rightly log a reset, not a close.
            c.Socket.Shutdown(SocketShutdown.Send);
            Assert.True(await c.ClosedWithinAsync(5));
        }
        await Socks5ServerTests.WaitForLogAsync(log, 1);
        lock (log) Assert.Contains("closed during handshake", log[0].Outcome);
        await AssertServesAsync(ep, echo);
    }

    [Theory]
    [InlineData((byte)0x00)]
    [InlineData((byte)0x16)] // a TLS ClientHello
    [InlineData((byte)'G')] // an HTTP request
    public async Task Garbage_is_closed_without_a_reply(byte first)
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        var garbage = new byte[4096];
        Random.Shared.NextBytes(garbage);
        garbage[0] = first;
        await c.SendAsync(garbage);
        Assert.True(await c.ClosedWithinAsync(3));
    }

    [Fact]
    public async Task A_USERID_without_a_NUL_past_the_bound_gets_CD_91_and_a_close()
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([4, 1, 0, 80, 127, 0, 0, 1, .. Enumerable.Repeat((byte)'a', 4000)]);
        var reply = await c.ReadAsync(8);
        Assert.True(Socks4Reply.TryRead(reply, out var m).IsClean);
        Assert.Equal((byte)Socks4Cd.RequestRejectedOrFailed, m.Cd);
        Assert.True(await c.ClosedWithinAsync(3));
    }

    [Fact]
    public async Task A_silent_client_is_dropped_at_the_handshake_deadline()
    {
        var (server, ep, log) = await TestServer.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromMilliseconds(300));
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 1);
        Assert.True(await c.ClosedWithinAsync(3));
        await Socks5ServerTests.WaitForLogAsync(log, 1);
        lock (log) Assert.Equal("handshake timeout", log[0].Outcome);
    }

    [Fact]
    public async Task A_flood_of_500_idle_connections_does_not_stop_others_being_served()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.HandshakeTimeout = TimeSpan.FromSeconds(2));
        await using var _s = server;
        var flood = new List<RawClient>();
        try
        {
            for (int i = 0; i < 500; i++) flood.Add(await RawClient.ConnectAsync(ep));
            await AssertServesAsync(ep, echo);
            // Every flooding connection is closed by the handshake deadline: the server holds nothing for them after.
            for (int i = 0; i < 100 && server.ActiveConnections > 0; i++) await Task.Delay(100);
            Assert.Equal(0, server.ActiveConnections);
        }
        finally
        {
            foreach (var c in flood) c.Dispose();
        }
    }

    [Fact]
    public async Task Connections_beyond_the_limit_are_closed_at_once()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.MaxConnections = 2);
        await using var _s = server;
        using var a = await RawClient.ConnectAsync(ep);
        using var b = await RawClient.ConnectAsync(ep);
        await Task.Delay(200);
        using var c = await RawClient.ConnectAsync(ep);
        Assert.True(await c.ClosedWithinAsync(2));
        a.Dispose();
        b.Dispose();
        for (int i = 0; i < 50 && server.ActiveConnections > 0; i++) await Task.Delay(50);
        await AssertServesAsync(ep, echo);
    }

    [Fact]
    public async Task An_idle_relay_is_closed_after_the_idle_timeout()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.IdleTimeout = TimeSpan.FromMilliseconds(400));
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port]);
        Assert.Equal(12, (await c.ReadAsync(12)).Length);
        Assert.True(await c.ClosedWithinAsync(5));
    }

    internal static async Task AssertServesAsync(System.Net.IPEndPoint ep, TcpEcho echo)
    {
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port, .. "ok"u8]);
        Assert.Equal("ok"u8.ToArray(), (await c.ReadAsync(14))[12..]);
    }
}
