namespace Sockspec.Vectors;

/// <summary>
/// The protocol a dialog speaks, kept in the vector's header rather than sniffed from the first byte so that an
/// invalid vector with a wrong VER is still decoded as the protocol it breaks.
/// </summary>
public enum Protocol : byte
{
    Socks4,
    Socks5,
    /// <summary>RFC 1928 §7 datagrams: each segment is one datagram, a UDP request header then DATA.</summary>
    Socks5Udp,
    /// <summary>The first byte was neither 04 nor 05 (or the client sent nothing): nothing is decoded.</summary>
    Unknown,
}

public static class ProtocolText
{
    public static string Name(this Protocol p) => p switch
    {
        Protocol.Socks4 => "socks4",
        Protocol.Socks5 => "socks5",
        Protocol.Socks5Udp => "socks5-udp",
        _ => "unknown",
    };

    public static bool TryParse(string s, out Protocol p)
    {
        p = s switch { "socks4" => Protocol.Socks4, "socks5" => Protocol.Socks5, "socks5-udp" => Protocol.Socks5Udp, "unknown" => Protocol.Unknown, _ => (Protocol)255 };
        return (byte)p != 255;
    }

    /// <summary>What the recorder writes: 04 starts SOCKS4/4a, 05 starts SOCKS5.</summary>
    public static Protocol Sniff(ReadOnlySpan<byte> firstClientBytes) =>
        firstClientBytes.IsEmpty ? Protocol.Unknown : firstClientBytes[0] switch
        {
            4 => Protocol.Socks4,
            5 => Protocol.Socks5,
            _ => Protocol.Unknown,
        };
}
