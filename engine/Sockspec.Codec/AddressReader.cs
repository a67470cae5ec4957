namespace Sockspec.Codec;

/// <summary>Reads the ATYP-prefixed address shared by requests, replies and UDP headers (RFC 1928 §5).</summary>
internal static class AddressReader
{
    public static ReadStatus TryRead(ref WireReader r, ref SocksAddress address, ref ViolationSet violations)
    {
        if (!r.TryByte(out byte atyp)) return ReadStatus.NeedMoreData;
        address.Atyp = atyp;
        int length;
        switch (atyp)
        {
            case (byte)AddressType.IPv4: length = 4; break;
            case (byte)AddressType.IPv6: length = 16; break;
            case (byte)AddressType.DomainName:
                if (!r.TryByte(out byte n)) return ReadStatus.NeedMoreData;
                length = n;
                break;
            default: return ReadStatus.Invalid;
        }
        if (!r.TryBytes(length, out var bytes)) return ReadStatus.NeedMoreData;
        ShortBytes.TryCreate(bytes, out address.Bytes);
        if (atyp == (byte)AddressType.DomainName)
        {
            violations = violations
                .WithIf(length == 0, SocksViolation.EmptyDomainName)
                .WithIf(bytes.Contains((byte)0), SocksViolation.DomainNameContainsNul);
        }
        return ReadStatus.Done;
    }
}
