using System.Net;
using System.Net.Sockets;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// Blocking loopback socket steps for the proxy targets, each bounded in time and size so that a silent or endless
/// peer becomes a finding instead of a hung fuzzer.
/// </summary>
public static class LoopbackPeer
{
    public static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(5);

    public const int MaxResponse = 64 * 1024;

    public static Socket Listen()
    {
        var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        l.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        l.Listen(16);
        return l;
    }

    public static void SendSegments(Socket s, ReadOnlyMemory<byte> stream, byte seed)
    {
        foreach (var segment in Segments.Split(stream, seed)) s.Send(segment.Span);
    }

    /// <summary>
    /// Everything the peer sends until it closes. Null when it neither closes nor goes quiet within
    /// <see cref="CloseDeadline"/>; a reset counts as a close (the peer may close with unread data).
    /// </summary>
    public static byte[]? ReadUntilClosed(Socket s)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        var deadline = DateTime.UtcNow + CloseDeadline;
        while (received.Length <= MaxResponse)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            s.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
            int n;
            try
            {
                n = s.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                break;
            }
            if (n == 0) break;
            received.Write(buffer, 0, n);
        }
        return received.ToArray();
    }
}
