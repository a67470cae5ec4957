namespace Sockspec.Codec;

/// <summary>RFC 1928 §6 REP values; 09-FF are unassigned and a client treats them as failure.</summary>
public enum Socks5Rep : byte
{
    Succeeded = 0x00,
    GeneralFailure = 0x01,
    ConnectionNotAllowedByRuleset = 0x02,
    NetworkUnreachable = 0x03,
    HostUnreachable = 0x04,
    ConnectionRefused = 0x05,
    TtlExpired = 0x06,
    CommandNotSupported = 0x07,
    AddressTypeNotSupported = 0x08,
}
