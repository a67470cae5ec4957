using System.Net.Sockets;
using System.Text;

namespace Sockspec.Runner.Fixtures;

/// <summary>What each TCP fixture does with a connection the proxy makes to it.</summary>
internal static class FixtureServers
{
    /// <summary>What the speaks-first fixture sends as soon as a connection arrives, before reading anything.</summary>
    public static readonly byte[] Banner = Encoding.ASCII.GetBytes("sockspec fixture speaks first\r\n");

    /// <summary>Echo until the peer's FIN, then FIN back (so that half-close is visible end to end).</summary>
    public static async Task Echo(Socket s, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0) break;
            await SendAll(s, buffer.AsMemory(0, n), ct);
        }
        s.Shutdown(SocketShutdown.Send);
    }

    public static async Task SpeaksFirst(Socket s, CancellationToken ct)
    {
        await SendAll(s, Banner, ct);
        await Echo(s, ct);
    }

    /// <summary>Counts bytes until the peer's FIN, then answers the count in decimal and a newline, and closes.</summary>
    public static async Task Sink(Socket s, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            int n = await s.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0) break;
            total += n;
        }
        await SendAll(s, Encoding.ASCII.GetBytes($"{total}\n"), ct);
        s.Shutdown(SocketShutdown.Send);
    }

    private static async Task SendAll(Socket s, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty) data = data[await s.SendAsync(data, SocketFlags.None, ct)..];
    }
}
