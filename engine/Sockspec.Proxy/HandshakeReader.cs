using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// Reads handshake messages from a socket into one bounded buffer with the codec's NeedMoreData loop, so a message
/// split over any number of segments, or several messages (and data) in one segment, read the same. Bytes past the
/// last message stay in <see cref="Leftover"/> for the relay.
/// </summary>
internal sealed class HandshakeReader(Socket socket, byte[] buffer)
{
    private int _start, _end;

    public long BytesRead { get; private set; }

    public ReadOnlyMemory<byte> Leftover => buffer.AsMemory(_start, _end - _start);

    /// <summary>Done or Invalid from the codec; throws <see cref="EndOfStreamException"/> when the peer closes first.</summary>
    public async ValueTask<(ReadResult Result, T Message)> ReadAsync<T>(CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        while (true)
        {
            var result = T.TryRead(buffer.AsSpan(_start, _end - _start), out T message);
            if (result.Status == ReadStatus.Done) _start += result.Consumed;
            if (result.Status != ReadStatus.NeedMoreData) return (result, message);
            await FillAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The next byte without consuming it (the version octet that picks SOCKS4 or SOCKS5).</summary>
    public async ValueTask<byte> PeekAsync(CancellationToken ct)
    {
        if (_end == _start) await FillAsync(ct).ConfigureAwait(false);
        return buffer[_start];
    }

    private async ValueTask FillAsync(CancellationToken ct)
    {
        if (_end == buffer.Length)
        {
            // The buffer is at least the longest message, so a full buffer with no message in it is impossible; a
            // compaction makes room for the rest of a message that started late in it.
            if (_start == 0) throw new InvalidDataException("handshake message longer than the buffer");
            Buffer.BlockCopy(buffer, _start, buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        int n = await socket.ReceiveAsync(buffer.AsMemory(_end), SocketFlags.None, ct).ConfigureAwait(false);
        if (n == 0) throw new EndOfStreamException("client closed during the handshake");
        _end += n;
        BytesRead += n;
    }
}
