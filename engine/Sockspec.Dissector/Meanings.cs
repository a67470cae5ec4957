using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>The RFC's words for code values, shown next to the hex ("01 CONNECT").</summary>
internal static class Meanings
{
    public static string Method(byte m) => Hex(m, m switch
    {
        0x00 => "no authentication required",
        0x01 => "GSSAPI",
        0x02 => "username/password",
        <= 0x7F => "IANA assigned",
        <= 0xFE => "reserved for private methods",
        _ => "no acceptable methods",
    });

    public static string Command(byte c) => Hex(c, c switch
    {
        0x01 => "CONNECT",
        0x02 => "BIND",
        0x03 => "UDP ASSOCIATE",
        _ => "unknown command",
    });

    public static string Atyp(byte a) => Hex(a, a switch
    {
        (byte)AddressType.IPv4 => "IPv4",
        (byte)AddressType.DomainName => "domain",
        (byte)AddressType.IPv6 => "IPv6",
        _ => "unknown address type",
    });

    public static string Rep(byte r) => Hex(r, r switch
    {
        0x00 => "succeeded",
        0x01 => "general SOCKS server failure",
        0x02 => "connection not allowed by ruleset",
        0x03 => "network unreachable",
        0x04 => "host unreachable",
        0x05 => "connection refused",
        0x06 => "TTL expired",
        0x07 => "command not supported",
        0x08 => "address type not supported",
        _ => "unassigned",
    });

    public static string UserPassStatus(byte s) => Hex(s, s == 0 ? "success" : "failure");

    public static string Socks4Command(byte c) => Hex(c, c switch
    {
        1 => "CONNECT",
        2 => "BIND",
        _ => "unknown command",
    });

    public static string Socks4Cd(byte c) => $"{c:X2} ({c}) " + c switch
    {
        90 => "request granted",
        91 => "request rejected or failed",
        92 => "rejected: identd unreachable",
        93 => "rejected: identd user-id mismatch",
        _ => "unassigned",
    };

    public static string GssApiType(byte t) => Hex(t, t switch
    {
        0x01 => "context token",
        0x02 => "protection-level negotiation",
        0x03 => "encapsulated data",
        GssApiMessage.AbortType => "abort",
        _ => "unknown message type",
    });

    public static string Frag(byte f) => Hex(f, f switch
    {
        0 => "standalone datagram",
        < 0x80 => $"fragment {f}",
        _ => $"fragment {f & 0x7F}, end of sequence",
    });

    public static string Version(byte v) => $"{v:X2}";

    public static string Quoted(ReadOnlySpan<byte> text) => $"\"{Printable.Escape(text)}\"";

    public static string Ipv4(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xFF}.{(ip >> 8) & 0xFF}.{ip & 0xFF}";

    public static string Address(in SocksAddress a) =>
        a.Atyp == (byte)AddressType.DomainName ? Quoted(a.Bytes.Span) : a.ToString();

    private static string Hex(byte b, string meaning) => $"{b:X2} {meaning}";
}
