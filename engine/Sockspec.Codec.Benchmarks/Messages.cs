using System.Net;

namespace Sockspec.Codec.Benchmarks;

/// <summary>The encoded messages the benchmarks read and the values they write.</summary>
public static class Messages
{
    public static readonly Socks5Request RequestIPv4 = new(Socks5Command.Connect, SocksAddress.FromIPAddress(IPAddress.Loopback), 443);
    public static readonly Socks5Request RequestDomain = new(Socks5Command.Connect, SocksAddress.FromDomain("www.example.com"), 443);
    public static readonly Socks5Request RequestIPv6 = new(Socks5Command.Connect, SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), 443);
    public static readonly Socks5Greeting Greeting = new(0x00, 0x02);
    public static readonly Socks4Request Socks4aRequest = new(Socks4Command.Connect, 1, 80, "user", "www.example.com");
}
