using System.Net.Sockets;
using Sockspec.Runner.Fixtures;

namespace Sockspec.NetFuzz;

/// <summary>The loopback echo server every generated CONNECT points at, so that no case needs a destination elsewhere.</summary>
public static class EchoFixture
{
    private const int MaxBytes = 1 << 20;

    public static TcpFixture Start() => TcpFixture.Start(async (s, ct) =>
    {
        var buf = new byte[4096];
        int total = 0;
        while (total < MaxBytes)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
            if (n == 0) break;
            total += n;
            await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        }
        s.Shutdown(SocketShutdown.Both);
    });
}
