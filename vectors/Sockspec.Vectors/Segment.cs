namespace Sockspec.Vectors;

/// <summary>
/// One read as the relay saw it: the bytes that arrived together, in the order they arrived. No bytes means that side
/// closed its sending half.
/// </summary>
public sealed record Segment(Direction Direction, byte[] Bytes)
{
    public bool IsEnd => Bytes.Length == 0;

    public bool Equals(Segment? other) =>
        other is not null && Direction == other.Direction && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(Direction, Bytes.Length);
}
