using Sockspec.Codec;

namespace Sockspec.Vectors;

/// <summary>
/// Builds a changed copy of a vector: one message read back with the codec, one field changed, written with the codec's
/// writer and put back in place of the original bytes. Segment boundaries are kept; the dialog is cut after the
/// segment that ends the changed message, so that the vector shows the broken message and what led to it.
/// </summary>
public static class VectorEdit
{
    public static byte[] Rewrite<T>(Vector v, DialogEntry entry, Func<T, T> change) where T : struct, ISocksMessage<T>
    {
        var stream = v.Stream(entry.Direction);
        var r = T.TryRead(stream.AsSpan(entry.Offset, entry.Length), out var m);
        if (!r.IsDone || r.Consumed != entry.Length) throw new InvalidOperationException($"{v.Id}: entry at {entry.Offset} is not a {T.Name}");
        return SocksMessage.ToArray(change(m));
    }

    /// <summary>
    /// Replaces bytes [offset, offset+length) of one direction with <paramref name="replacement"/> (given to the segment
    /// where the range starts) and drops every segment after the one that now ends the replacement.
    /// </summary>
    public static List<Segment> Splice(IReadOnlyList<Segment> segments, Direction d, int offset, int length, byte[] replacement) =>
        Through(Replace(segments, d, offset, length, replacement), d, offset + Math.Max(replacement.Length, 1) - 1);

    /// <summary>Replaces bytes [offset, offset+length) of one direction, keeping every segment (none is dropped).</summary>
    public static List<Segment> Replace(IReadOnlyList<Segment> segments, Direction d, int offset, int length, byte[] replacement)
    {
        var result = new List<Segment>();
        int pos = 0, end = offset + length;
        bool placed = false;
        foreach (var s in segments)
        {
            if (s.Direction != d || s.IsEnd)
            {
                result.Add(s);
                continue;
            }
            int start = pos;
            pos += s.Bytes.Length;
            if (pos <= offset || start >= end && placed)
            {
                result.Add(s);
                continue;
            }
            var bytes = new List<byte>();
            if (start < offset) bytes.AddRange(s.Bytes.AsSpan(0, offset - start));
            if (!placed)
            {
                bytes.AddRange(replacement);
                placed = true;
            }
            if (pos > end) bytes.AddRange(s.Bytes.AsSpan(Math.Max(0, end - start)));
            if (bytes.Count > 0) result.Add(new Segment(d, bytes.ToArray()));
        }
        if (!placed) throw new ArgumentOutOfRangeException(nameof(offset), "range starts past the stream");
        return result;
    }

    /// <summary>The segments up to and including the one that carries byte <paramref name="offset"/> of direction d.</summary>
    public static List<Segment> Through(IReadOnlyList<Segment> segments, Direction d, int offset)
    {
        var result = new List<Segment>();
        int pos = 0;
        foreach (var s in segments)
        {
            result.Add(s);
            if (s.Direction != d || s.IsEnd) continue;
            pos += s.Bytes.Length;
            if (pos > offset) return result;
        }
        return result;
    }
}
