namespace Sockspec.Codec;

/// <summary>RFC 1928 §3 METHOD values (03-7F IANA assigned, 80-FE private).</summary>
public enum Socks5Method : byte
{
    NoAuthentication = 0x00,
    GssApi = 0x01,
    UsernamePassword = 0x02,
    NoAcceptableMethods = 0xFF,
}
