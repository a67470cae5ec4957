namespace Sockspec.Proxy.Client;

public enum SocksVersion
{
    /// <summary>SOCKS4: IPv4 destinations only; a host name is resolved by the client.</summary>
    Socks4,

    /// <summary>SOCKS4a: a host name is sent to the proxy (DSTIP 0.0.0.1).</summary>
    Socks4a,

    /// <summary>RFC 1928.</summary>
    Socks5,
}
