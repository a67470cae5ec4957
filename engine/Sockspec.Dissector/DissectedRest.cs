namespace Sockspec.Dissector;

/// <summary>What the bytes after the last message are.</summary>
public enum RestKind
{
    /// <summary>Payload after a completed handshake (relayed data, or a UDP datagram's DATA).</summary>
    Data,

    /// <summary>The start of a message that needs more bytes.</summary>
    Incomplete,

    /// <summary>Bytes after a framing error, or a first byte that starts no known message.</summary>
    Undecodable,

    /// <summary>Bytes after a message that ends the dialog (05 FF, a failed login, a failure reply).</summary>
    Trailing,
}

/// <summary>The bytes left after the messages, and what they are.</summary>
public sealed record DissectedRest(RestKind Kind, int Offset, int Length, string Note);
