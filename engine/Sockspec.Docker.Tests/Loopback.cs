using System.Net;
using System.Net.Sockets;

namespace Sockspec.Docker.Tests;

/// <summary>Loopback helpers: a free port, and a TCP echo server that stops with the test.</summary>
internal static class Loopback
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Echoes every connection's bytes back until <paramref name="cancellationToken"/> fires; each connection at most 64 KiB.</summary>
    public static (int Port, Task Serving) StartEcho(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(cancellationToken);
                    _ = EchoAsync(client, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                listener.Stop();
            }
        });
        return (port, serving);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or fails; the caller's token is the deadline.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    private static async Task EchoAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var total = 0;
            try
            {
                int read;
                while (total < 64 * 1024 && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    total += read;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}
