using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using Sockspec.Codec;

namespace Sockspec.Proxy.Tests;

/// <summary>RFC 1928/1929 behaviour of the server, byte by byte.</summary>
public class Socks5ServerTests
{
    private static byte[] Connect(IPEndPoint target) =>
    [
        5, 1, 0, 1, .. target.Address.GetAddressBytes(), (byte)(target.Port >> 8), (byte)target.Port,
    ];

    private static void AssertFullReply(byte[] reply, Socks5Rep rep)
    {
        var r = Socks5Reply.TryRead(reply, out var m);
        Assert.True(r.IsClean, $"reply {Convert.ToHexString(reply)}: {r.Status} {r.Violations}");
        Assert.Equal(reply.Length, r.Consumed);
        Assert.Equal((byte)rep, m.Rep);
    }

    [Fact]
    public async Task Connect_succeeds_and_BND_is_the_outbound_sockets_real_local_address()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 1, 0);
        Assert.Equal([5, 0], await c.ReadAsync(2));
        await c.SendAsync(Connect(echo.EndPoint));
        var reply = await c.ReadAsync(10);
        AssertFullReply(reply, Socks5Rep.Succeeded);
        var bnd = new IPEndPoint(new IPAddress(reply.AsSpan(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(8)));
        for (int i = 0; i < 100; i++)
        {
            lock (echo.Clients) if (echo.Clients.Count > 0) break;
            await Task.Delay(20);
        }
        lock (echo.Clients) Assert.Equal(bnd, Assert.Single(echo.Clients));
        await c.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await c.ReadAsync(4));
    }

    [Theory]
    [InlineData(new byte[] { 5, 1, 2 }, false)]
    [InlineData(new byte[] { 5, 1, 1 }, false)]
    [InlineData(new byte[] { 5, 0 }, false)]
    [InlineData(new byte[] { 5, 1, 0 }, true)]
    [InlineData(new byte[] { 5, 2, 0x80, 0xFE }, false)]
    public async Task Without_users_only_no_authentication_is_selected_and_never_an_unoffered_method(byte[] greeting, bool accepted)
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(greeting);
        var sel = await c.ReadAsync(2);
        Assert.Equal(accepted ? new byte[] { 5, 0 } : [5, 0xFF], sel);
        if (!accepted) Assert.True(await c.ClosedWithinAsync(2), "05 FF must be followed by a close");
    }

    [Fact]
    public async Task With_users_a_client_offering_only_no_authentication_gets_FF_and_a_close()
    {
        var (server, ep, _) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 1, 0);
        Assert.Equal([5, 0xFF], await c.ReadAsync(2));
        Assert.True(await c.ClosedWithinAsync(2));
    }

    [Fact]
    public async Task With_users_password_authentication_succeeds_and_the_request_is_served()
    {
        await using var echo = new TcpEcho();
        var (server, ep, log) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 2, 0, 2);
        Assert.Equal([5, 2], await c.ReadAsync(2));
        await c.SendAsync([1, 5, .. "alice"u8, 6, .. "secret"u8]);
        Assert.Equal([1, 0], await c.ReadAsync(2));
        await c.SendAsync(Connect(echo.EndPoint));
        AssertFullReply(await c.ReadAsync(10), Socks5Rep.Succeeded);
        c.Dispose();
        await WaitForLogAsync(log, 1);
        lock (log)
        {
            Assert.Equal("alice", log[0].User);
            Assert.DoesNotContain("secret", log[0].ToString());
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 5, 0x61, 0x6C, 0x69, 0x63, 0x65, 5, 0x77, 0x72, 0x6F, 0x6E, 0x67 })] // wrong password
    [InlineData(new byte[] { 1, 3, 0x62, 0x6F, 0x62, 6, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74 })] // unknown user
    [InlineData(new byte[] { 5, 5, 0x61, 0x6C, 0x69, 0x63, 0x65, 6, 0x73, 0x65, 0x63, 0x72, 0x65, 0x74 })] // VER 05
    [InlineData(new byte[] { 1, 0, 0 })] // empty user and password
    public async Task A_failed_login_gets_a_non_zero_status_then_a_close(byte[] auth)
    {
        var (server, ep, log) = await TestServer.StartAsync(o => o.Users["alice"] = "secret");
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 1, 2);
        Assert.Equal([5, 2], await c.ReadAsync(2));
        await c.SendAsync(auth);
        var status = await c.ReadAsync(2);
        Assert.Equal(2, status.Length);
        Assert.Equal(1, status[0]);
        Assert.NotEqual(0, status[1]);
        Assert.True(await c.ClosedWithinAsync(2));
        await WaitForLogAsync(log, 1);
        lock (log) Assert.DoesNotContain("wrong", log[0].ToString());
    }

    [Theory]
    [InlineData(new byte[] { 5, 9, 0, 1, 127, 0, 0, 1, 0, 80 }, Socks5Rep.CommandNotSupported)]
    [InlineData(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 80 }, Socks5Rep.CommandNotSupported)]
    [InlineData(new byte[] { 5, 1, 0, 2, 127, 0, 0, 1, 0, 80 }, Socks5Rep.AddressTypeNotSupported)]
    [InlineData(new byte[] { 5, 1, 0, 0xFF, 1, 2, 3 }, Socks5Rep.AddressTypeNotSupported)]
    [InlineData(new byte[] { 5, 1, 0xFF, 1, 127, 0, 0, 1, 0, 80 }, Socks5Rep.GeneralFailure)]
    [InlineData(new byte[] { 4, 1, 0, 1, 127, 0, 0, 1, 0, 80 }, Socks5Rep.GeneralFailure)]
    [InlineData(new byte[] { 5, 1, 0, 3, 0, 0, 80 }, Socks5Rep.HostUnreachable)]
    [InlineData(new byte[] { 5, 1, 0, 3, 3, 0x61, 0, 0x62, 0, 80 }, Socks5Rep.HostUnreachable)]
    [InlineData(new byte[] { 5, 1, 0, 3, 9, 0x78, 0x2E, 0x69, 0x6E, 0x76, 0x61, 0x6C, 0x69, 0x64, 0, 80 }, Socks5Rep.HostUnreachable)] // x.invalid
    [InlineData(new byte[] { 5, 1, 0, 1, 127, 0, 0, 1, 0, 1 }, Socks5Rep.ConnectionRefused)]
    [InlineData(new byte[] { 5, 1, 0, 1, 192, 0, 2, 1, 0, 80 }, Socks5Rep.ConnectionNotAllowedByRuleset)]
    [InlineData(new byte[] { 5, 3, 0, 1, 192, 0, 2, 1, 0, 80 }, Socks5Rep.Succeeded)]
    public async Task Every_request_gets_a_full_truthful_reply_and_failures_close_at_once(byte[] request, Socks5Rep rep)
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(5, 1, 0);
        Assert.Equal([5, 0], await c.ReadAsync(2));
        await c.SendAsync(request);
        var head = await c.ReadAsync(4);
        Assert.Equal(4, head.Length);
        int rest = head[3] switch { 1 => 6, 4 => 18, _ => -1 };
        Assert.True(rest > 0, $"reply ATYP 0x{head[3]:X2}");
        var reply = (byte[])[.. head, .. await c.ReadAsync(rest)];
        AssertFullReply(reply, rep);
        if (rep == Socks5Rep.Succeeded) return;
        var sw = Stopwatch.StartNew();
        Assert.True(await c.ClosedWithinAsync(3), "the server must close after a failure reply");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_domain_name_is_resolved_and_an_IP_literal_as_a_name_works()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        foreach (var name in new[] { "localhost", "127.0.0.1" })
        {
            using var c = await RawClient.ConnectAsync(ep);
            var bytes = System.Text.Encoding.ASCII.GetBytes(name);
            await c.SendAsync([5, 1, 0, 5, 1, 0, 3, (byte)bytes.Length, .. bytes, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port]);
            Assert.Equal([5, 0], await c.ReadAsync(2));
            AssertFullReply(await c.ReadAsync(10), Socks5Rep.Succeeded);
        }
    }

    [Fact]
    public async Task IPv6_destinations_work_when_the_host_has_IPv6_loopback()
    {
        TcpEcho echo;
        try { echo = new TcpEcho(IPAddress.IPv6Loopback); }
        catch (System.Net.Sockets.SocketException) { Assert.Fail("this test needs ::1 (CI machines have it)"); return; }
        await using var _e = echo;
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync([5, 1, 0, 5, 1, 0, 4, .. IPAddress.IPv6Loopback.GetAddressBytes(), (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port]);
        Assert.Equal([5, 0], await c.ReadAsync(2));
        var reply = await c.ReadAsync(22);
        AssertFullReply(reply, Socks5Rep.Succeeded);
        Assert.Equal(4, reply[3]);
    }

    internal static async Task WaitForLogAsync(List<ConnectionLogEntry> log, int count)
    {
        for (int i = 0; i < 100; i++)
        {
            lock (log) if (log.Count >= count) return;
            await Task.Delay(50);
        }
        Assert.Fail($"expected {count} log entries");
    }
}
