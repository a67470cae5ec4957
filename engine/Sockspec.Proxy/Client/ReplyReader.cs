using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// Reads the server's messages exactly (never a byte past them, so data behind a reply stays in the socket) under a
/// deadline, and checks them with the codec: any violation or framing error becomes a <see cref="SocksProtocolException"/>.
/// </summary>
internal static class ReplyReader
{
    public static async Task<T> ReadAsync<T>(Socket s, int length, TimeSpan timeout, CancellationToken ct)
        where T : struct, ISocksMessage<T>
    {
        var buffer = new byte[length];
        await FillAsync(s, buffer, 0, length, timeout, ct).ConfigureAwait(false);
        return Check<T>(buffer);
    }

    /// <summary>A SOCKS5 reply: 5 octets tell the address length (ATYP and, for a name, its length octet).</summary>
    public static async Task<Socks5Reply> ReadSocks5ReplyAsync(Socket s, TimeSpan timeout, CancellationToken ct)
    {
        var buffer = new byte[Socks5Reply.MaxLength];
        await FillAsync(s, buffer, 0, 5, timeout, ct).ConfigureAwait(false);
        int total = buffer[3] switch
        {
            (byte)AddressType.IPv4 => 10,
            (byte)AddressType.IPv6 => 22,
            (byte)AddressType.DomainName => 7 + buffer[4],
            _ => 5,
        };
        if (total > 5) await FillAsync(s, buffer, 5, total - 5, timeout, ct).ConfigureAwait(false);
        return Check<Socks5Reply>(buffer.AsSpan(0, total));
    }

    private static T Check<T>(ReadOnlySpan<byte> bytes) where T : struct, ISocksMessage<T>
    {
        var r = T.TryRead(bytes, out T message);
        if (r.Status == ReadStatus.Invalid)
            throw new SocksProtocolException($"{T.Name}: cannot be framed ({r.Error})", r.Violations, r.Error);
        if (r.Status != ReadStatus.Done || r.Consumed != bytes.Length)
            throw new SocksProtocolException($"{T.Name}: length does not match its fields");
        if (!r.Violations.IsEmpty)
            throw new SocksProtocolException($"{T.Name}: {r.Violations}", r.Violations);
        return message;
    }

    private static async Task FillAsync(Socket s, byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (count > 0)
            {
                int n = await s.ReceiveAsync(buffer.AsMemory(offset, count), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (n == 0) throw new SocksProtocolException("the proxy closed the connection mid-message", closed: true);
                offset += n;
                count -= n;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete reply from the proxy within {timeout.TotalSeconds:0.#} s");
        }
    }

    public static async Task SendAsync<T>(Socket s, T message, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        await s.SendAsync(bytes, SocketFlags.None, ct).ConfigureAwait(false);
    }
}
