using Sockspec.Codec;

namespace Sockspec.Vectors;

/// <summary>What one stretch of a direction's byte stream turned out to be.</summary>
public enum EntryKind : byte
{
    /// <summary>A whole message framed by the codec (with any rules it breaks).</summary>
    Message,
    /// <summary>The codec could not frame the expected message (<see cref="DialogEntry.Error"/>); the direction stops there.</summary>
    FramingError,
    /// <summary>The stream ended part way through the expected message.</summary>
    Truncated,
    /// <summary>Bytes after a completed handshake: the relayed data.</summary>
    Data,
    /// <summary>Bytes the dialog gives no meaning to (after a failure, a framing error or an unknown protocol).</summary>
    Undecoded,
    /// <summary>The side closed its sending half after <see cref="DialogEntry.Offset"/> bytes.</summary>
    Closed,
}

/// <summary>One field of a decoded message: where it sits in its direction's stream, its RFC name and its value.</summary>
public sealed record Field(int Offset, int Length, string Name, string Value);

/// <summary>
/// One step of a decoded dialog. <see cref="Reencoded"/> is what the codec's writer makes of the decoded message, so
/// that a test can check it reproduces the bytes.
/// </summary>
public sealed record DialogEntry(
    Direction Direction,
    EntryKind Kind,
    int Offset,
    int Length,
    string Name,
    IReadOnlyList<Field> Fields,
    ViolationSet Violations,
    FramingError Error,
    byte[]? Reencoded);
