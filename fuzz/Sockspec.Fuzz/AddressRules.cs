using Sockspec.Codec;

namespace Sockspec.Fuzz;

/// <summary>The address rules (RFC 1928 §5, S5-ADDR-02) restated for the requests, replies and UDP headers.</summary>
public static class AddressRules
{
    public static readonly FramingError[] Errors = [FramingError.UnknownAddressType];

    public static ViolationSet Of(in SocksAddress a)
    {
        if (a.Atyp != (byte)AddressType.DomainName) return default;
        bool nul = false;
        foreach (byte b in a.Bytes.Span) nul |= b == 0;
        return default(ViolationSet)
            .WithIf(a.Bytes.IsEmpty, SocksViolation.EmptyDomainName)
            .WithIf(nul, SocksViolation.DomainNameContainsNul);
    }

    public static IEnumerable<SocksAddress> Samples() =>
    [
        SocksAddress.Parse("127.0.0.1"),
        SocksAddress.Parse("::1"),
        SocksAddress.FromDomain("localhost"),
        SocksAddress.FromDomain(new string('a', 255)),
        new SocksAddress((byte)AddressType.DomainName, []),
        new SocksAddress((byte)AddressType.DomainName, "a\0b"u8),
    ];
}
