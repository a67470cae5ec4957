using System.Net;
using System.Net.Sockets;

namespace Sockspec.Proxy.Tests;

/// <summary>Sends chosen bytes and reads what comes back with deadlines, for the byte-level tests.</summary>
internal sealed class RawClient : IDisposable
{
    private RawClient(Socket s) => Socket = s;

    public Socket Socket { get; }

    public static async Task<RawClient> ConnectAsync(IPEndPoint ep)
    {
        var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await s.ConnectAsync(ep, cts.Token);
        return new RawClient(s);
    }

    public Task SendAsync(params byte[] bytes) => Socket.SendAsync(bytes, SocketFlags.None);

    /// <summary>Exactly <paramref name="count"/> bytes, or fewer if the server closes first.</summary>
    public async Task<byte[]> ReadAsync(int count, double seconds = 5)
    {
        var buf = new byte[count];
        int total = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (total < count)
        {
            int n = await Socket.ReceiveAsync(buf.AsMemory(total), SocketFlags.None, cts.Token);
            if (n == 0) break;
            total += n;
        }
        return buf[..total];
    }

    /// <summary>True when the server closes (EOF or reset) within the time, reading and discarding anything before it.</summary>
    public async Task<bool> ClosedWithinAsync(double seconds)
    {
        var buf = new byte[1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (await Socket.ReceiveAsync(buf, SocketFlags.None, cts.Token) > 0) { }
            return true;
        }
        catch (SocketException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    public void Dispose() => Socket.Dispose();
}
