namespace Sockspec.Codec;

/// <summary>RFC 1928 §5 ATYP values.</summary>
public enum AddressType : byte
{
    IPv4 = 0x01,
    DomainName = 0x03,
    IPv6 = 0x04,
}
