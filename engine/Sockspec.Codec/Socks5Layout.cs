namespace Sockspec.Codec;

/// <summary>
/// The layout a request and a reply share (RFC 1928 §4 and §6): VER, a code octet (CMD or REP), RSV, an address and a
/// port. One reader for both keeps their framing identical; each message applies its own rules on top.
/// </summary>
internal static class Socks5Layout
{
    // VER + CODE + RSV + ATYP + length octet + 255 name octets + PORT.
    public const int MaxLength = 4 + 1 + 255 + 2;

    public static ReadResult TryRead(
        ReadOnlySpan<byte> input, out byte ver, out byte code, out byte rsv, ref SocksAddress addr, out ushort port)
    {
        var r = new WireReader(input);
        port = 0;
        var v = default(ViolationSet);
        if (!r.TryByte(out ver) | !r.TryByte(out code) | !r.TryByte(out rsv)) return ReadResult.NeedMoreData;
        switch (AddressReader.TryRead(ref r, ref addr, ref v))
        {
            case ReadStatus.NeedMoreData: return ReadResult.NeedMoreData;
            case ReadStatus.Invalid: return ReadResult.Invalid(FramingError.UnknownAddressType);
        }
        if (!r.TryUInt16(out port)) return ReadResult.NeedMoreData;
        return ReadResult.Done(r.Position, v);
    }

    public static int GetLength(in SocksAddress addr) => 3 + addr.WireLength + 2;

    public static bool TryWrite(byte ver, byte code, byte rsv, in SocksAddress addr, ushort port, Span<byte> dst, out int written)
    {
        written = GetLength(addr);
        if (dst.Length < written) { written = 0; return false; }
        var w = new WireWriter(dst);
        w.Byte(ver);
        w.Byte(code);
        w.Byte(rsv);
        w.Address(addr);
        w.UInt16(port);
        return true;
    }
}
