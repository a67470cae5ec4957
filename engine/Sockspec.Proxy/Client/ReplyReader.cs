using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using Sockspec.Codec;

namespace Sockspec.Proxy.Client;

/// <summary>
/// Reads the server's messages exactly (never a byte past them, so data behind a reply stays in the stream) under a
/// deadline, and checks them with the codec: any violation or framing error becomes a <see cref="SocksProtocolException"/>.
/// Works on any <see cref="Stream"/>; over a <see cref="NetworkStream"/> a socket error surfaces as the
/// <see cref="SocketException"/> it was, not wrapped in an IOException, as when the client read the socket itself.
/// </summary>
internal static class ReplyReader
{
    public static async Task<T> ReadAsync<T>(Stream s, int length, TimeSpan timeout, CancellationToken ct)
        where T : struct, ISocksMessage<T>
    {
        var buffer = new byte[length];
        await FillAsync(s, buffer, 0, length, timeout, ct).ConfigureAwait(false);
        return Check<T>(buffer);
    }

    /// <summary>A SOCKS5 reply: 5 octets tell the address length (ATYP and, for a name, its length octet).</summary>
    public static async Task<Socks5Reply> ReadSocks5ReplyAsync(Stream s, TimeSpan timeout, CancellationToken ct)
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

    private static async Task FillAsync(Stream s, byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (count > 0)
            {
                int n = await s.ReadAsync(buffer.AsMemory(offset, count), deadline.Token).ConfigureAwait(false);
                if (n == 0) throw new SocksProtocolException("the proxy closed the connection mid-message", closed: true);
                offset += n;
                count -= n;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete reply from the proxy within {timeout.TotalSeconds:0.#} s");
        }
        catch (IOException e) when (e.InnerException is SocketException inner)
        {
            ExceptionDispatchInfo.Throw(inner);
        }
    }

    public static async Task SendAsync<T>(Stream s, T message, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = SocksMessage.ToArray(message);
        try
        {
            await s.WriteAsync(bytes, ct).ConfigureAwait(false);
            // A buffering stream (TLS, BufferedStream) would otherwise hold the message while we wait for the answer.
            await s.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException inner)
        {
            ExceptionDispatchInfo.Throw(inner);
        }
    }
}
