using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// Generators of valid messages, built with LINQ over FsCheck's combinators (no global registration): every CMD, every
/// ATYP (IPv4, IPv6, domain of length 1..255), method lists of length 1..255, names and passwords of 1..255 octets.
/// </summary>
public static class Gens
{
    public static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(i => (byte)i);

    public static Gen<byte> NonZeroByte => Gen.Choose(1, 255).Select(i => (byte)i);

    public static Gen<ushort> Port => Gen.Choose(0, 65535).Select(i => (ushort)i);

    public static Gen<byte[]> Bytes(int min, int max, Gen<byte> element) =>
        from n in Gen.Choose(min, max)
        from b in Gen.ArrayOf(element, n)
        select b;

    /// <summary>Lengths spread over the whole range with the edges (1 and 255) hit often.</summary>
    public static Gen<int> Length1To255 => Gen.Frequency((1, Gen.Constant(1)), (1, Gen.Constant(255)), (6, Gen.Choose(1, 255)));

    public static Gen<byte[]> ShortField(Gen<byte> element) =>
        from n in Length1To255
        from b in Gen.ArrayOf(element, n)
        select b;

    /// <summary>Name octets a resolver would accept, never NUL.</summary>
    public static Gen<byte> NameByte => Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-.".Select(c => (byte)c).ToArray());

    public static Gen<SocksAddress> IPv4 => Gen.ArrayOf(AnyByte, 4).Select(b => new SocksAddress((byte)AddressType.IPv4, b));

    public static Gen<SocksAddress> IPv6 => Gen.ArrayOf(AnyByte, 16).Select(b => new SocksAddress((byte)AddressType.IPv6, b));

    public static Gen<SocksAddress> Domain => ShortField(NameByte).Select(b => new SocksAddress((byte)AddressType.DomainName, b));

    public static Gen<SocksAddress> Address => Gen.OneOf(IPv4, IPv6, Domain);

    public static Gen<Socks5Greeting> Greeting => ShortField(AnyByte).Select(m => new Socks5Greeting(m));

    public static Gen<Socks5MethodSelection> MethodSelection => AnyByte.Select(m => new Socks5MethodSelection(m));

    public static Gen<UsernamePasswordRequest> UserPass =>
        from u in ShortField(AnyByte)
        from p in ShortField(AnyByte)
        select new UsernamePasswordRequest(u, p);

    public static Gen<UsernamePasswordResponse> UserPassResponse => AnyByte.Select(s => new UsernamePasswordResponse(s));

    public static Gen<Socks5Command> Command => Gen.Elements(Socks5Command.Connect, Socks5Command.Bind, Socks5Command.UdpAssociate);

    public static Gen<Socks5Request> Request =>
        from c in Command
        from a in Address
        from p in Port
        select new Socks5Request(c, a, p);

    public static Gen<Socks5Reply> Reply =>
        from r in Gen.Choose(0, 8)
        from a in Address
        from p in Port
        select new Socks5Reply((Socks5Rep)r, a, p);

    public static Gen<Socks5UdpHeader> UdpHeader =>
        from a in Address
        from p in Port
        from f in AnyByte
        select new Socks5UdpHeader(a, p, f);

    /// <summary>SOCKS4 (DSTIP above 0.0.0.255) and SOCKS4a (0.0.0.x, x != 0, with a hostname); USERID 0..255 octets, no NUL.</summary>
    public static Gen<Socks4Request> Socks4Request =>
        from cd in Gen.Elements(Socks4Command.Connect, Socks4Command.Bind)
        from port in Port
        from user in Gen.Frequency((1, Gen.Constant(Array.Empty<byte>())), (1, Gen.Constant(Enumerable.Repeat((byte)'u', 255).ToArray())), (4, Bytes(0, 255, NonZeroByte)))
        from is4a in Gen.Elements(false, true)
        from ip in is4a ? Gen.Choose(1, 255).Select(i => (uint)i) : Gen.Choose(256, int.MaxValue).Select(i => (uint)i * 2 - 1)
        from host in ShortField(NameByte)
        select new Codec.Socks4Request
        {
            Vn = 4, Cd = (byte)cd, DstPort = port, DstIp = ip, UserId = ShortBytes.From(user),
            Hostname = is4a ? ShortBytes.From(host) : default,
        };

    public static Gen<Socks4Reply> Socks4Reply =>
        from cd in Gen.Choose(90, 93)
        from port in Port
        from ip in Gen.ArrayOf(AnyByte, 4)
        select new Codec.Socks4Reply((Socks4Cd)cd, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(ip), port);

    /// <summary>A header with its token: abort (no length) or a context/protection/data message of 0..600 octets.</summary>
    public static Gen<(GssApiMessage Header, byte[] Token)> GssApi =>
        Gen.OneOf(
            Gen.Constant((new GssApiMessage(GssApiMessage.AbortType, 0), Array.Empty<byte>())),
            from t in Gen.Elements<byte>(1, 2, 3)
            from token in Bytes(0, 600, AnyByte)
            select (new GssApiMessage(t, (ushort)token.Length), token));

    public static string AtypName(in SocksAddress a) => a.Atyp switch { 1 => "IPv4", 3 => "domain", 4 => "IPv6", _ => "other" };

    public static IPAddress Ip(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
