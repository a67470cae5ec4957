using System.Buffers;
using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>
/// Copies bytes both ways until both sides have finished, passing each side's FIN on as a half-close so that no data
/// queued behind it is lost. An idle direction waits with a zero-byte receive and holds no buffer: a pooled buffer is
/// rented only while data is moving, which keeps an idle connection to a few hundred bytes of managed state.
/// </summary>
internal static class TcpRelay
{
    public static async Task<(long Up, long Down)> RunAsync(Connection conn, Socket client, Socket server, int bufferSize, bool splice)
    {
        conn.Relaying = true;
        var up = PumpAsync(conn, client, server, bufferSize, splice);
        var down = PumpAsync(conn, server, client, bufferSize, splice);
        long u = await up.ConfigureAwait(false);
        long d = await down.ConfigureAwait(false);
        return (u, d);
    }

    private static Task<long> PumpAsync(Connection conn, Socket from, Socket to, int bufferSize, bool splice) =>
        splice && Splice.Available ? SplicePump.RunAsync(conn, from, to, bufferSize) : CopyPumpAsync(conn, from, to, bufferSize);

    internal static async Task<long> CopyPumpAsync(Connection conn, Socket from, Socket to, int bufferSize)
    {
        long total = 0;
        try
        {
            while (true)
            {
                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                var (moved, eof) = await CopyBurstAsync(conn, from, to, bufferSize).ConfigureAwait(false);
                total += moved;
                if (eof) return total;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // A reset or an abort on either side ends both directions: there is no one left to deliver to.
            conn.Abort();
            return total;
        }
    }

    /// <summary>
    /// Copies what the input has now, through a pooled buffer held only for the burst; passes a FIN on as a
    /// half-close. Errors propagate to the pump, which aborts the connection.
    /// </summary>
    internal static async Task<(long Moved, bool Eof)> CopyBurstAsync(Connection conn, Socket from, Socket to, int bufferSize)
    {
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            while (true)
            {
                // Non-blocking drain: take what the kernel has, and go back to the zero-byte wait when it has none.
                int n = from.Receive(buffer, 0, buffer.Length, SocketFlags.None, out SocketError error);
                if (error == SocketError.WouldBlock) return (total, false);
                if (error != SocketError.Success) throw new SocketException((int)error);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return (total, true);
                }
                await SendAllAsync(to, buffer.AsMemory(0, n)).ConfigureAwait(false);
                total += n;
                conn.Touch();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static async ValueTask SendAllAsync(Socket to, ReadOnlyMemory<byte> data)
    {
        while (data.Length > 0)
        {
            int n = await to.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
            data = data[n..];
        }
    }
}
