using System.Buffers.Binary;

namespace Sockspec.Codec;

/// <summary>A forward-only cursor over the input. Every Try* returns false when the input ends first (need more data).</summary>
internal ref struct WireReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;

    public int Position { get; private set; }

    public readonly ReadOnlySpan<byte> Rest => _input[Position..];

    public bool TryByte(out byte value)
    {
        if (Position >= _input.Length) { value = 0; return false; }
        value = _input[Position++];
        return true;
    }

    /// <summary>Reads a port or other 16-bit field in network byte order (RFC 1928 §3).</summary>
    public bool TryUInt16(out ushort value)
    {
        if (_input.Length - Position < 2) { value = 0; return false; }
        value = BinaryPrimitives.ReadUInt16BigEndian(_input[Position..]);
        Position += 2;
        return true;
    }

    public bool TryBytes(int count, out ReadOnlySpan<byte> value)
    {
        if (_input.Length - Position < count) { value = default; return false; }
        value = _input.Slice(Position, count);
        Position += count;
        return true;
    }

    /// <summary>
    /// Reads up to a NUL, at most <paramref name="max"/> bytes before it. Returns Done (NUL consumed, not returned),
    /// NeedMoreData, or Invalid when <paramref name="max"/> bytes have gone by with no NUL: no more input can fix that.
    /// </summary>
    public ReadStatus TryNulTerminated(int max, out ReadOnlySpan<byte> value)
    {
        var rest = Rest;
        int nul = rest[..Math.Min(rest.Length, max + 1)].IndexOf((byte)0);
        if (nul < 0)
        {
            value = default;
            return rest.Length > max ? ReadStatus.Invalid : ReadStatus.NeedMoreData;
        }
        value = rest[..nul];
        Position += nul + 1;
        return ReadStatus.Done;
    }
}
