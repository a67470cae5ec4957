using System.Net;
using System.Text;
using Sockspec.Codec;

namespace Sockspec.NetFuzz;

/// <summary>
/// Builds well-formed handshakes through the codec writers (SOCKS5 greeting [+ RFC 1929] + request, SOCKS4, SOCKS4a),
/// each to the loopback echo fixture or a name under .invalid, as a list of messages so that field mutations know
/// where each field is.
/// </summary>
public sealed class HandshakeGenerator(ushort echoPort, string? user, string? password)
{
    public enum Part { Greeting, Auth, Request5, Request4 }

    public sealed record Message(Part Part, byte[] Bytes);

    public List<Message> Build(Random rng)
    {
        int kind = rng.Next(10);
        if (kind < 7) return Socks5(rng);
        return [new Message(Part.Request4, Socks4(rng, socks4a: kind == 9))];
    }

    private List<Message> Socks5(Random rng)
    {
        // Not [0, 1, 2]: read as a request, "05 03 00 01" would name the IPv4 destination 2.5.1.0 (see SafeDestinations).
        var list = new List<Message>();
        bool auth = user is not null;
        byte[] methods = auth ? (rng.Next(3) == 0 ? [0, 2] : [2]) : (rng.Next(4) == 0 ? [0, 2, 1] : [0]);
        list.Add(new Message(Part.Greeting, SocksMessage.ToArray(new Socks5Greeting(methods))));
        if (auth)
            list.Add(new Message(Part.Auth, SocksMessage.ToArray(new UsernamePasswordRequest(user!, password ?? ""))));
        var cmd = rng.Next(20) switch { 0 => Socks5Command.Bind, 1 => Socks5Command.UdpAssociate, _ => Socks5Command.Connect };
        list.Add(new Message(Part.Request5, SocksMessage.ToArray(new Socks5Request(cmd, Destination(rng), DestPort(rng)))));
        return list;
    }

    private SocksAddress Destination(Random rng) => rng.Next(8) switch
    {
        0 => SocksAddress.FromIPAddress(IPAddress.IPv6Loopback),
        1 => SocksAddress.FromDomain("localhost"),
        2 => SocksAddress.FromDomain(InvalidName(rng)),
        _ => SocksAddress.FromIPAddress(IPAddress.Loopback),
    };

    private ushort DestPort(Random rng) => rng.Next(16) == 0 ? (ushort)rng.Next(0, 3) : echoPort;

    /// <summary>A name that can never resolve: 1 to 255 octets ending in ".invalid".</summary>
    internal static string InvalidName(Random rng)
    {
        int total = rng.Next(4) == 0 ? 255 : rng.Next(9, 40);
        var sb = new StringBuilder();
        for (int i = 0; i < total - ".invalid".Length; i++)
            sb.Append(i % 10 == 9 && i < total - ".invalid".Length - 1 ? '.' : (char)('a' + rng.Next(26)));
        return sb + ".invalid";
    }

    private byte[] Socks4(Random rng, bool socks4a)
    {
        string userId = rng.Next(8) == 0 ? new string('u', rng.Next(0, 256)) : "fuzz";
        if (!socks4a)
            return SocksMessage.ToArray(new Socks4Request(Socks4Command.Connect, 0x7f000001, echoPort, userId));
        var host = rng.Next(2) == 0 ? "localhost" : InvalidName(rng);
        return SocksMessage.ToArray(new Socks4Request(Socks4Command.Connect, 1, echoPort, userId, host));
    }
}
