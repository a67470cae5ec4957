using System.Buffers.Binary;

namespace Sockspec.Codec;

/// <summary>
/// Reads the ATYP-prefixed address and the port after it, shared by requests, replies and UDP headers (RFC 1928 §5).
/// Works on fixed offsets rather than a cursor: this is the hot part of every SOCKS5 request read.
/// </summary>
internal static class AddressReader
{
    /// <summary>
    /// Reads ATYP at <paramref name="at"/>, the address and DST.PORT/BND.PORT; <paramref name="end"/> is the offset after
    /// the port. Invalid (unknown ATYP) as soon as the ATYP octet is there, whatever follows.
    /// </summary>
    public static ReadStatus TryRead(
        ReadOnlySpan<byte> input, int at, ref SocksAddress address, out ushort port, ref ViolationSet violations, out int end)
    {
        port = 0;
        end = 0;
        if ((uint)at >= (uint)input.Length) return ReadStatus.NeedMoreData;
        byte atyp = input[at];
        address.Atyp = atyp;
        int start = at + 1, length;
        switch (atyp)
        {
            case (byte)AddressType.IPv4: length = 4; break;
            case (byte)AddressType.IPv6: length = 16; break;
            case (byte)AddressType.DomainName:
                if (start >= input.Length) return ReadStatus.NeedMoreData;
                length = input[start++];
                break;
            default: return ReadStatus.Invalid;
        }
        int portAt = start + length;
        if (input.Length < portAt + 2) return ReadStatus.NeedMoreData;
        var bytes = input.Slice(start, length);
        ShortBytes.TryCreate(bytes, out address.Bytes);
        port = BinaryPrimitives.ReadUInt16BigEndian(input[portAt..]);
        end = portAt + 2;
        if (atyp == (byte)AddressType.DomainName)
        {
            violations = violations
                .WithIf(length == 0, SocksViolation.EmptyDomainName)
                .WithIf(bytes.Contains((byte)0), SocksViolation.DomainNameContainsNul);
        }
        return ReadStatus.Done;
    }
}
