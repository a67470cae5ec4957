namespace Sockspec.Vectors;

/// <summary>
/// One recorded (or derived) dialog: a stable ID, header fields saying where it came from, the protocol, and the
/// segments in the order they crossed the wire. The annotation is not stored here: it is recomputed from the bytes.
/// </summary>
public sealed class Vector
{
    public const string IdKey = "id";
    public const string ProtocolKey = "protocol";
    /// <summary>Invalid vectors: the violation (or framing error) the codec must raise, e.g. "violation RequestReservedNotZero".</summary>
    public const string ExpectKey = "expect";

    public Vector(string id, Protocol protocol, IEnumerable<KeyValuePair<string, string>> headers, IEnumerable<Segment> segments)
    {
        if (!IsValidId(id)) throw new ArgumentException($"bad vector id '{id}'", nameof(id));
        Id = id;
        Protocol = protocol;
        Headers = headers.Where(h => h.Key is not (IdKey or ProtocolKey))
            .Select(h => new KeyValuePair<string, string>(h.Key, OneLine(h.Value))).ToList();
        Segments = segments.ToList();
    }

    public string Id { get; }

    public Protocol Protocol { get; }

    /// <summary>Header fields other than id and protocol, in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public string? Header(string key) => Headers.FirstOrDefault(h => h.Key == key).Value;

    /// <summary>Every byte sent one way, segments joined.</summary>
    public byte[] Stream(Direction d) => Segments.Where(s => s.Direction == d).SelectMany(s => s.Bytes).ToArray();

    /// <summary>IDs are paths relative to a vector root (implementation/name), so they stay stable and readable.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/') &&
        !id.StartsWith('/') && !id.Contains("..") && !id.EndsWith('/');

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
