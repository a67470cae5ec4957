using System.Net;
using System.Net.Sockets;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>Raw socket steps for the proxy properties, each bounded by <see cref="Loopback.Deadline"/>.</summary>
public static class Wire
{
    public static async Task<Socket> ConnectAsync(IPEndPoint ep)
    {
        var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(Loopback.Deadline);
        await s.ConnectAsync(ep, cts.Token);
        return s;
    }

    /// <summary>Sends <paramref name="bytes"/> as separate writes cut at <paramref name="cuts"/> (positions mod length).</summary>
    public static async Task SendInPiecesAsync(Socket s, byte[] bytes, int[] cuts)
    {
        int prev = 0;
        foreach (int cut in cuts.Select(c => c % Math.Max(1, bytes.Length)).Where(c => c > 0).Distinct().Order().Append(bytes.Length))
        {
            if (cut <= prev) continue;
            await s.SendAsync(bytes.AsMemory(prev, cut - prev));
            prev = cut;
        }
    }

    /// <summary>Reads until one <typeparamref name="T"/> frames (null on close, framing error or deadline).</summary>
    public static async Task<T?> ReadAsync<T>(Socket s, List<byte> inbox) where T : struct, ISocksMessage<T>
    {
        using var cts = new CancellationTokenSource(Loopback.Deadline);
        var buf = new byte[1024];
        while (true)
        {
            var r = T.TryRead(inbox.ToArray(), out var m);
            if (r.IsDone)
            {
                inbox.RemoveRange(0, r.Consumed);
                return r.IsClean ? m : null;
            }
            if (r.Status == ReadStatus.Invalid || inbox.Count > T.MaxLength) return null;
            int n;
            try { n = await s.ReceiveAsync(buf, cts.Token); }
            catch (Exception e) when (e is SocketException or OperationCanceledException) { return null; }
            if (n == 0) return null;
            inbox.AddRange(buf.AsSpan(0, n));
        }
    }

    /// <summary>Everything the peer sends until it closes; Closed false when the deadline came first.</summary>
    public static async Task<(byte[] Bytes, bool Closed)> ReadToCloseAsync(Socket s, TimeSpan deadline, int max = 4096)
    {
        using var cts = new CancellationTokenSource(deadline);
        var all = new List<byte>();
        var buf = new byte[1024];
        try
        {
            while (all.Count <= max)
            {
                int n = await s.ReceiveAsync(buf, cts.Token);
                if (n == 0) return (all.ToArray(), true);
                all.AddRange(buf.AsSpan(0, n));
            }
            return (all.ToArray(), false);
        }
        catch (SocketException) { return (all.ToArray(), true); }
        catch (OperationCanceledException) { return (all.ToArray(), false); }
    }

    public static byte[] Encode<T>(in T m) where T : struct, ISocksMessage<T>, IEquatable<T> => Codec<T>.Encode(m);
}
