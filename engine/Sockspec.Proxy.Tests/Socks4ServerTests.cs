using Sockspec.Codec;

namespace Sockspec.Proxy.Tests;

/// <summary>SOCKS4 and SOCKS4a behaviour of the server, byte by byte.</summary>
public class Socks4ServerTests
{
    private static byte Hi(int port) => (byte)(port >> 8);

    private static byte Lo(int port) => (byte)port;

    private static async Task<Socks4Reply> ReplyAsync(RawClient c)
    {
        var bytes = await c.ReadAsync(8);
        var r = Socks4Reply.TryRead(bytes, out var m);
        Assert.True(r.IsClean, $"reply {Convert.ToHexString(bytes)}: {r.Status} {r.Violations}");
        return m;
    }

    [Fact]
    public async Task Connect_is_granted_with_VN_0_and_CD_90_once_the_target_is_connected()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(4, 1, Hi(echo.EndPoint.Port), Lo(echo.EndPoint.Port), 127, 0, 0, 1, 0);
        var reply = await ReplyAsync(c);
        Assert.Equal(0, reply.Vn);
        Assert.Equal((byte)Socks4Cd.RequestGranted, reply.Cd);
        await c.SendAsync("abc"u8.ToArray());
        Assert.Equal("abc"u8.ToArray(), await c.ReadAsync(3));
    }

    [Theory]
    [InlineData(new byte[] { 4, 1, 0, 80, 0, 0, 0, 0, 0 })] // 0.0.0.0 is neither a host nor a 4a marker
    [InlineData(new byte[] { 4, 1, 0, 80, 0, 0, 0, 1, 0, 0 })] // 4a with an empty name
    [InlineData(new byte[] { 4, 3, 0, 80, 127, 0, 0, 1, 0 })] // unknown CD
    [InlineData(new byte[] { 4, 1, 0, 1, 127, 0, 0, 1, 0 })] // refused
    [InlineData(new byte[] { 4, 1, 0, 80, 192, 0, 2, 1, 0 })] // denied by policy
    [InlineData(new byte[] { 4, 1, 0, 80, 0, 0, 0, 7, 0, 0x78, 0x2E, 0x69, 0x6E, 0x76, 0x61, 0x6C, 0x69, 0x64, 0 })] // 4a x.invalid
    public async Task Every_refusal_is_CD_91_then_a_close(byte[] request)
    {
        var (server, ep, _) = await TestServer.StartAsync();
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(request);
        var reply = await ReplyAsync(c);
        Assert.Equal((byte)Socks4Cd.RequestRejectedOrFailed, reply.Cd);
        Assert.True(await c.ClosedWithinAsync(3));
    }

    [Fact]
    public async Task A_4a_request_with_a_name_is_resolved_by_the_server()
    {
        await using var echo = new TcpEcho();
        var (server, ep, log) = await TestServer.StartAsync();
        await using var _s = server;
        using (var c = await RawClient.ConnectAsync(ep))
        {
            await c.SendAsync([4, 1, Hi(echo.EndPoint.Port), Lo(echo.EndPoint.Port), 0, 0, 0, 1, .. "bob"u8, 0, .. "localhost"u8, 0]);
            Assert.Equal((byte)Socks4Cd.RequestGranted, (await ReplyAsync(c)).Cd);
        }
        await Socks5ServerTests.WaitForLogAsync(log, 1);
        lock (log)
        {
            Assert.Equal("socks4a", log[0].Protocol);
            Assert.Equal("bob", log[0].User);
            Assert.StartsWith("localhost:", log[0].Destination);
        }
    }

    [Fact]
    public async Task SOCKS4_can_be_turned_off()
    {
        await using var echo = new TcpEcho();
        var (server, ep, _) = await TestServer.StartAsync(o => o.EnableSocks4 = false);
        await using var _s = server;
        using var c = await RawClient.ConnectAsync(ep);
        await c.SendAsync(4, 1, Hi(echo.EndPoint.Port), Lo(echo.EndPoint.Port), 127, 0, 0, 1, 0);
        Assert.Equal((byte)Socks4Cd.RequestRejectedOrFailed, (await ReplyAsync(c)).Cd);
    }
}
