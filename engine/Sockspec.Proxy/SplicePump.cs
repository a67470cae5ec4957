using System.Buffers;
using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>
/// One relay direction with splice(2): wait until readable (zero-byte receive, no buffer held), then move bytes
/// socket -> pipe -> socket in the kernel until the input has nothing more. When the output is full, the rest of the
/// pipe goes out through a pooled buffer and SendAsync, which waits for room the .NET way. The pipe exists only during
/// a burst, so an idle connection holds no pipe and no buffer.
/// </summary>
internal static class SplicePump
{
    private const int EInval = 22, ENosys = 38;

    // Below this many readable bytes a burst is copied instead (see RunAsync).
    private const int SpliceThreshold = 32 * 1024;

    public static async Task<long> RunAsync(Connection conn, Socket from, Socket to, int bufferSize)
    {
        long total = 0;
        int pipeRead = -1, pipeWrite = -1;
        byte[]? spill = null;
        try
        {
            while (true)
            {
                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                if (from.Available < SpliceThreshold)
                {
                    // A small burst (a request, a reply, the FIN) is cheaper copied than spliced: a pipe costs four
                    // system calls to set up and tear down.
                    var (moved, eof) = await TcpRelay.CopyBurstAsync(conn, from, to, bufferSize).ConfigureAwait(false);
                    total += moved;
                    if (eof) return total;
                    continue;
                }
                if (!Splice.TryCreatePipe(out pipeRead, out pipeWrite)) throw new SocketException((int)SocketError.TooManyOpenSockets);
                while (true)
                {
                    long n = Move(from, pipeWrite, true, Splice.PipeSize, out int errno);
                    if (n == 0)
                    {
                        to.Shutdown(SocketShutdown.Send);
                        return total;
                    }
                    if (n < 0)
                    {
                        if (errno == Splice.EAgain) break;
                        if (errno is EInval or ENosys && total == 0)
                        {
                            // This kernel or fd type cannot splice: nothing was consumed, so copying can take over.
                            Splice.MarkUnavailable();
                            return await TcpRelay.CopyPumpAsync(conn, from, to, bufferSize).ConfigureAwait(false);
                        }
                        throw new SocketException(errno);
                    }
                    long left = n;
                    while (left > 0)
                    {
                        long m = Move(to, pipeRead, false, (int)left, out errno);
                        if (m > 0) { left -= m; continue; }
                        if (m < 0 && errno != Splice.EAgain) throw new SocketException(errno);
                        spill ??= ArrayPool<byte>.Shared.Rent(bufferSize);
                        while (left > 0)
                        {
                            int r = Splice.Read(pipeRead, spill, (int)Math.Min(left, spill.Length), out errno);
                            if (r <= 0) throw new SocketException(errno);
                            await TcpRelay.SendAllAsync(to, spill.AsMemory(0, r)).ConfigureAwait(false);
                            left -= r;
                        }
                    }
                    total += n;
                    conn.Touch();
                }
                ClosePipe(ref pipeRead, ref pipeWrite);
                if (spill is not null) ArrayPool<byte>.Shared.Return(spill);
                spill = null;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            conn.Abort();
            return total;
        }
        finally
        {
            ClosePipe(ref pipeRead, ref pipeWrite);
            if (spill is not null) ArrayPool<byte>.Shared.Return(spill);
        }
    }

    /// <summary>
    /// One splice between a socket and the pipe, holding a reference on the socket's handle so that an abort on another
    /// thread cannot close the descriptor (and let the number be reused) in the middle of the call.
    /// </summary>
    private static long Move(Socket socket, int pipeFd, bool socketIsInput, int max, out int errno)
    {
        bool added = false;
        var handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            return socketIsInput ? Splice.Move(fd, pipeFd, max, out errno) : Splice.Move(pipeFd, fd, max, out errno);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    private static void ClosePipe(ref int read, ref int write)
    {
        Splice.Close(read);
        Splice.Close(write);
        read = write = -1;
    }
}
