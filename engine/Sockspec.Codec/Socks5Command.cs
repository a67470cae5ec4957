namespace Sockspec.Codec;

/// <summary>RFC 1928 §4 CMD values.</summary>
public enum Socks5Command : byte
{
    Connect = 0x01,
    Bind = 0x02,
    UdpAssociate = 0x03,
}
