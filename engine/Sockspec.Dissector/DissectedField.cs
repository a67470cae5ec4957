namespace Sockspec.Dissector;

/// <summary>
/// One field of a message: its RFC name (VER, ATYP, DST.PORT, ...), where it sits in the dissected input, and its value
/// as safe text ("03 domain", "80", "\"example.com\"", "&lt;8 bytes&gt;" for a password). Peer-controlled text is escaped.
/// </summary>
public sealed record DissectedField(string Name, int Offset, int Length, string Value);
