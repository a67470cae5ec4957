namespace Sockspec.Codec;

/// <summary>SOCKS4 CD values in a request.</summary>
public enum Socks4Command : byte
{
    Connect = 1,
    Bind = 2,
}
