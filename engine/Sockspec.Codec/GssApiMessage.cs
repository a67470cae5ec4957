namespace Sockspec.Codec;

/// <summary>
/// RFC 1961 §3-§5, the GSS-API message framing (method 01).
/// <code>
///   +------+------+------+.......................+
///   + ver  | mtyp | len  |       token           |
///   +------+------+------+.......................+
///   + 0x01 | 0x01 | 0x02 | up to 2^16 - 1 octets |
///   +------+------+------+.......................+
/// </code>
/// mtyp 01 context token, 02 protection-level negotiation, 03 encapsulated data; the abort message is just ver, mtyp
/// FF (two octets, no len). The token is not copied: it is the <see cref="Len"/> octets before
/// <see cref="ReadResult.Consumed"/>; write one with <see cref="TryWrite(in GssApiMessage, ReadOnlySpan{byte}, Span{byte}, out int)"/>.
/// </summary>
public record struct GssApiMessage : ISocksMessage<GssApiMessage>
{
    public const byte AbortType = 0xFF;

    public byte Ver;
    public byte Mtyp;
    public ushort Len;

    public GssApiMessage(byte mtyp, ushort len)
    {
        Ver = 1;
        Mtyp = mtyp;
        Len = len;
    }

    public static string Name => "RFC 1961 GSS-API message";

    public static int MaxLength => 4 + ushort.MaxValue;

    public readonly bool IsAbort => Mtyp == AbortType;

    public static ReadResult TryRead(ReadOnlySpan<byte> input, out GssApiMessage message)
    {
        message = default;
        var r = new WireReader(input);
        if (!r.TryByte(out message.Ver) || !r.TryByte(out message.Mtyp)) return ReadResult.NeedMoreData;
        var v = default(ViolationSet)
            .WithIf(message.Ver != 1, SocksViolation.GssApiVersionNotOne)
            .WithIf(message.Mtyp is not (1 or 2 or 3 or AbortType), SocksViolation.GssApiUnknownMessageType);
        if (message.IsAbort) return ReadResult.Done(2, v);
        if (!r.TryUInt16(out message.Len) || !r.TryBytes(message.Len, out _)) return ReadResult.NeedMoreData;
        return ReadResult.Done(r.Position, v);
    }

    /// <summary>The header's length plus <see cref="Len"/> token octets (the token itself is written separately).</summary>
    public static int GetLength(in GssApiMessage m) => m.IsAbort ? 2 : 4 + m.Len;

    /// <summary>Writes the header and <see cref="Len"/> zero octets of token; use the overload to give the token.</summary>
    public static bool TryWrite(in GssApiMessage m, Span<byte> destination, out int written) =>
        TryWrite(m, default, destination, out written);

    /// <summary>Writes the header, then <paramref name="token"/> padded with zeros or cut to <see cref="Len"/> octets.</summary>
    public static bool TryWrite(in GssApiMessage m, ReadOnlySpan<byte> token, Span<byte> destination, out int written)
    {
        written = GetLength(m);
        if (destination.Length < written) { written = 0; return false; }
        var w = new WireWriter(destination);
        w.Byte(m.Ver);
        w.Byte(m.Mtyp);
        if (m.IsAbort) return true;
        w.UInt16(m.Len);
        var body = destination.Slice(4, m.Len);
        body.Clear();
        token[..Math.Min(token.Length, m.Len)].CopyTo(body);
        return true;
    }
}
