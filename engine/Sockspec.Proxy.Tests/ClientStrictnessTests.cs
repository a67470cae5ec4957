using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Proxy.Tests;

/// <summary>The client against a scripted server that breaks the protocol: every break is a SocksProtocolException naming it.</summary>
public class ClientStrictnessTests
{
    /// <summary>Accepts one connection, reads the greeting and request, and answers with the given bytes.</summary>
    private static async Task<SocksProtocolException> AgainstAsync(byte[] methodSelection, byte[] reply)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var server = Task.Run(async () =>
        {
            using var s = await listener.AcceptAsync();
            var buf = new byte[512];
            await s.ReceiveAsync(buf, SocketFlags.None);
            await s.SendAsync(methodSelection, SocketFlags.None);
            if (reply.Length == 0) return;
            await s.ReceiveAsync(buf, SocketFlags.None);
            await s.SendAsync(reply, SocketFlags.None);
            await Task.Delay(200);
        });
        var client = new SocksClient(listener.LocalEndPoint!) { Timeout = TimeSpan.FromSeconds(3) };
        var e = await Assert.ThrowsAsync<SocksProtocolException>(() => client.ConnectAsync("127.0.0.1", 80));
        await server;
        return e;
    }

    [Fact]
    public async Task A_reply_with_RSV_not_zero_is_reported_as_that_violation()
    {
        var e = await AgainstAsync([5, 0], [5, 0, 1, 1, 127, 0, 0, 1, 0, 80]);
        Assert.Equal(SocksViolation.ReplyReservedNotZero, e.Violation);
    }

    [Fact]
    public async Task A_reply_with_an_unknown_ATYP_is_a_framing_error()
    {
        var e = await AgainstAsync([5, 0], [5, 0, 0, 9, 127, 0, 0, 1, 0, 80]);
        Assert.Equal(FramingError.UnknownAddressType, e.Framing);
    }

    [Fact]
    public async Task A_method_the_client_did_not_offer_is_rejected()
    {
        var e = await AgainstAsync([5, 2], []);
        Assert.Contains("not offered", e.Message);
    }

    [Fact]
    public async Task A_method_selection_with_VER_not_5_is_reported()
    {
        var e = await AgainstAsync([4, 0], []);
        Assert.Equal(SocksViolation.MethodSelectionVersionNotFive, e.Violation);
    }

    [Fact]
    public async Task A_truncated_reply_then_close_is_reported_as_closed()
    {
        var e = await AgainstAsync([5, 0], [5, 0, 0]);
        Assert.True(e.Closed);
    }
}
