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
        port = 0;
        if (input.Length < 3)
        {
            ver = input.Length > 0 ? input[0] : (byte)0;
            code = input.Length > 1 ? input[1] : (byte)0;
            rsv = 0;
            return ReadResult.NeedMoreData;
        }
        ver = input[0];
        code = input[1];
        rsv = input[2];
        var v = default(ViolationSet);
        return AddressReader.TryRead(input, 3, ref addr, out port, ref v, out int end) switch
        {
            ReadStatus.Done => ReadResult.Done(end, v),
            ReadStatus.Invalid => ReadResult.Invalid(FramingError.UnknownAddressType),
            _ => ReadResult.NeedMoreData,
        };
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
