using System.Net;
using System.Net.Sockets;

namespace Sockspec.NetFuzz;

/// <summary>
/// A plain, valid SOCKS5 CONNECT to the echo fixture (with RFC 1929 when credentials are given): the proxy is alive
/// when it answers the greeting and then the request with any SOCKS5 reply.
/// </summary>
public static class ControlHandshake
{
    public static async Task<string?> FailureAsync(IPEndPoint proxy, ushort echoPort, string? user, string? password, TimeSpan timeout, CancellationToken ct)
    {
        using var s = new Socket(proxy.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        s.LingerState = new LingerOption(true, 0);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await s.ConnectAsync(proxy, cts.Token);
            bool auth = user is not null;
            await s.SendAsync(auth ? new byte[] { 5, 1, 2 } : [5, 1, 0], SocketFlags.None, cts.Token);
            var sel = await ReadExactAsync(s, 2, cts.Token);
            if (sel is null || sel[0] != 5) return "control handshake: no method selection";
            if (auth)
            {
                var u = System.Text.Encoding.UTF8.GetBytes(user!);
                var p = System.Text.Encoding.UTF8.GetBytes(password ?? "");
                await s.SendAsync((byte[])[1, (byte)u.Length, .. u, (byte)p.Length, .. p], SocketFlags.None, cts.Token);
                if (await ReadExactAsync(s, 2, cts.Token) is not { } st || st[1] != 0) return "control handshake: authentication failed";
            }
            await s.SendAsync((byte[])[5, 1, 0, 1, 127, 0, 0, 1, (byte)(echoPort >> 8), (byte)echoPort], SocketFlags.None, cts.Token);
            var reply = await ReadExactAsync(s, 4, cts.Token);
            return reply is not null && reply[0] == 5 ? null : "control handshake: no reply to CONNECT";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"control handshake: no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (SocketException e)
        {
            return $"control handshake: {e.SocketErrorCode}";
        }
    }

    private static async Task<byte[]?> ReadExactAsync(Socket s, int n, CancellationToken ct)
    {
        var buf = new byte[n];
        int got = 0;
        while (got < n)
        {
            int r = await s.ReceiveAsync(buf.AsMemory(got), SocketFlags.None, ct);
            if (r == 0) return null;
            got += r;
        }
        return buf;
    }

    public static async Task<bool> AcceptsAsync(IPEndPoint ep, TimeSpan timeout, CancellationToken ct)
    {
        using var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        s.LingerState = new LingerOption(true, 0);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await s.ConnectAsync(ep, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
