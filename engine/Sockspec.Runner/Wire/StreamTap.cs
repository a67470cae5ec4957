using Sockspec.Model;

namespace Sockspec.Runner.Wire;

/// <summary>
/// One direction of one connection as trace events, bounded whatever the peer sends: the first <see cref="HeadBytes"/>
/// bytes (in at most <see cref="HeadEvents"/> events, so a trickle of single bytes is bounded too) are kept as they
/// arrived; past that only the last <see cref="TailBytes"/> are kept in a ring, and <see cref="Flush"/> writes them as one
/// event after a "… K bytes elided …" note. The owner flushes before the direction's end event (FIN, RST, timeout) and
/// on dispose, so the trace still reads in order.
/// </summary>
internal sealed class StreamTap(WireTrace trace, string connection, TraceDirection direction)
{
    public const int HeadBytes = 16 * 1024;
    public const int HeadEvents = 256;
    public const int TailBytes = 4 * 1024;

    private readonly byte[] _tail = new byte[TailBytes];
    private int _headBytes;
    private int _headEvents;
    private int _tailStart;
    private int _tailLength;
    private long _pastHead;

    /// <summary>The note that stands for bytes left out of a trace; <see cref="Elided"/> reads the count back.</summary>
    public static string ElidedNote(long count) => $"… {count} bytes elided …";

    /// <summary>The count of an <see cref="ElidedNote"/>, or 0 for any other note.</summary>
    public static long Elided(string? note)
    {
        var parts = note?.Split(' ');
        return parts is ["…", var n, "bytes", "elided", "…"] && long.TryParse(n, out long count) ? count : 0;
    }

    public void Record(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_pastHead == 0 && _headEvents < HeadEvents && _headBytes < HeadBytes)
        {
            int keep = Math.Min(data.Length, HeadBytes - _headBytes);
            trace.Add(connection, direction, TraceEventKind.Data, data[..keep]);
            _headBytes += keep;
            _headEvents++;
            data = data[keep..];
            if (data.IsEmpty) return;
        }
        _pastHead += data.Length;
        if (data.Length >= TailBytes)
        {
            data[^TailBytes..].CopyTo(_tail);
            _tailStart = 0;
            _tailLength = TailBytes;
            return;
        }
        foreach (byte b in data)
        {
            _tail[(_tailStart + _tailLength) % TailBytes] = b;
            if (_tailLength < TailBytes) _tailLength++;
            else _tailStart = (_tailStart + 1) % TailBytes;
        }
    }

    /// <summary>Writes what the ring holds (with the count of bytes that were neither in the head nor kept) and empties it.</summary>
    public void Flush()
    {
        if (_pastHead == 0) return;
        long elided = _pastHead - _tailLength;
        var tail = new byte[_tailLength];
        for (int i = 0; i < _tailLength; i++) tail[i] = _tail[(_tailStart + i) % TailBytes];
        if (elided > 0) trace.Add(connection, direction, TraceEventKind.Note, default, ElidedNote(elided));
        if (tail.Length > 0) trace.Add(connection, direction, TraceEventKind.Data, tail, elided > 0 ? $"the last {tail.Length} bytes" : null);
        _pastHead = 0;
        _tailLength = 0;
        _tailStart = 0;
        // The head is spent: what comes after a flush goes to the ring again.
        _headEvents = HeadEvents;
    }
}
