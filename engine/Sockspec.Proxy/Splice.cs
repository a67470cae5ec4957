using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sockspec.Proxy;

/// <summary>
/// Linux splice(2) through a pipe: relayed bytes move socket -> pipe -> socket inside the kernel, never copied into
/// the process. Only the calls the relay needs; every one is non-blocking (the sockets are O_NONBLOCK once .NET has
/// used them asynchronously, the pipe by flag).
/// </summary>
internal static class Splice
{
    private const uint SpliceMove = 1, SpliceNonBlock = 2;
    private const int OCloexec = 0x80000, ONonBlock = 0x800, FSetPipeSize = 1031;
    internal const int EAgain = 11, EIntr = 4;

    /// <summary>Pipe capacity asked for; the kernel may grant less (pipe-max-size), which only means shorter bursts.</summary>
    public const int PipeSize = 1 << 20;

    private static int _unavailable;

    public static bool Available => OperatingSystem.IsLinux() && Volatile.Read(ref _unavailable) == 0;

    /// <summary>After ENOSYS/EINVAL (no splice for this kind of fd, seccomp): copy through the process from now on.</summary>
    public static void MarkUnavailable() => Volatile.Write(ref _unavailable, 1);

    public static bool TryCreatePipe(out int readFd, out int writeFd)
    {
        var fds = new int[2];
        readFd = writeFd = -1;
        if (pipe2(fds, OCloexec | ONonBlock) != 0) return false;
        readFd = fds[0];
        writeFd = fds[1];
        fcntl(writeFd, FSetPipeSize, PipeSize);
        return true;
    }

    public static void Close(int fd)
    {
        if (fd >= 0) close(fd);
    }

    /// <summary>Bytes moved; 0 at end of input; -1 with <paramref name="errno"/> set on failure (EAGAIN: nothing now).</summary>
    public static long Move(int from, int to, int max, out int errno)
    {
        nint n;
        do
        {
            n = splice(from, IntPtr.Zero, to, IntPtr.Zero, (nuint)max, SpliceMove | SpliceNonBlock);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (n < 0 && errno == EIntr);
        return n;
    }

    /// <summary>Reads what a pipe holds into <paramref name="buffer"/> (used when the output socket is full).</summary>
    public static int Read(int fd, byte[] buffer, int count, out int errno)
    {
        nint n;
        do
        {
            n = read(fd, buffer, (nuint)count);
            errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (n < 0 && errno == EIntr);
        return (int)n;
    }

    public static int Fd(Socket s) => (int)s.SafeHandle.DangerousGetHandle();

    [DllImport("libc", SetLastError = true)]
    private static extern nint splice(int fdIn, IntPtr offIn, int fdOut, IntPtr offOut, nuint len, uint flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int pipe2([Out] int[] fds, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int cmd, int arg);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, [Out] byte[] buffer, nuint count);
}
