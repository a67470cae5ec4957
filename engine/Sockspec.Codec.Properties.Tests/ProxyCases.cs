using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>What a valid SOCKS5 request asks for, and so what the RFC says the reference proxy must answer.</summary>
public enum Ask { ConnectIPv4, ConnectIPv6, ConnectDomain, ConnectClosedPort, Bind, UdpAssociate }

/// <summary>A valid SOCKS5 dialog: authentication or not, other methods offered alongside, the request, and how it is sent.</summary>
public sealed record ValidDialog(bool Auth, byte[] Methods, Ask Ask, bool Pipelined, int[] Cuts)
{
    public override string ToString() => $"{(Auth ? "user/pass" : "no auth")} methods [{Convert.ToHexString(Methods)}] {Ask} {(Pipelined ? "pipelined" : "step by step")} cuts [{string.Join(",", Cuts)}]";

    public Socks5Request Request(Loopback l) => Ask switch
    {
        Ask.ConnectIPv4 => new(Socks5Command.Connect, SocksAddress.FromIPAddress(IPAddress.Loopback), (ushort)l.EchoPort),
        Ask.ConnectIPv6 => new(Socks5Command.Connect, SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), (ushort)l.EchoPort),
        Ask.ConnectDomain => new(Socks5Command.Connect, SocksAddress.FromDomain("localhost"), (ushort)l.EchoPort),
        Ask.ConnectClosedPort => new(Socks5Command.Connect, SocksAddress.FromIPAddress(IPAddress.Loopback), (ushort)l.ClosedPort),
        Ask.Bind => new(Socks5Command.Bind, SocksAddress.FromIPAddress(IPAddress.Loopback), 0),
        _ => new(Socks5Command.UdpAssociate, SocksAddress.FromIPAddress(IPAddress.Loopback), 0),
    };

    /// <summary>RFC 1928 §6: success when the connection (or listener, or relay) exists; X'05' when the port refuses.</summary>
    public Socks5Rep ExpectedRep => Ask == Ask.ConnectClosedPort ? Socks5Rep.ConnectionRefused : Socks5Rep.Succeeded;
}

/// <summary>A client-side message that breaks one rule, placed where it belongs in a dialog, and the RFC's answer to it.</summary>
public sealed record InvalidDialog(string Rule, bool Auth, byte[] Before, byte[] Broken, Func<byte[], bool> AcceptableAnswer, string Expected)
{
    public override string ToString() => $"{Rule}: {Convert.ToHexString(Before)} | {Convert.ToHexString(Broken)} (expect {Expected})";
}

public static class ProxyCases
{
    public static Gen<ValidDialog> Valid =>
        from auth in Gen.Elements(false, true)
        from others in Gen.Choose(0, 254)
        from extra in Gen.ArrayOf(Gen.Choose(3, 254).Select(i => (byte)i), others)
        from order in Gen.Shuffle(extra.Distinct().Append(auth ? (byte)2 : (byte)0))
        from ask in Gen.Elements(Enum.GetValues<Ask>())
        from pipelined in Gen.Elements(false, true)
        from cuts in Gen.ArrayOf(Gen.Choose(0, 600), 3)
        select new ValidDialog(auth, order.ToArray(), ask, pipelined, cuts);

    /// <summary>
    /// Smaller valid dialogs: no authentication, fewer other methods offered (the one the server needs stays), the
    /// first kind of request, sent in one piece, fewer and lower cuts.
    /// </summary>
    public static IEnumerable<ValidDialog> ShrinkValid(ValidDialog d)
    {
        byte needed = d.Auth ? (byte)2 : (byte)0;
        if (d.Auth) yield return d with { Auth = false, Methods = [.. d.Methods.Select(m => m == 2 ? (byte)0 : m)] };
        if (d.Methods.Length > 1)
        {
            yield return d with { Methods = [needed] };
            int drop = Array.FindIndex(d.Methods, m => m != needed);
            yield return d with { Methods = [.. d.Methods[..drop], .. d.Methods[(drop + 1)..]] };
        }
        if (d.Ask != default) yield return d with { Ask = default };
        if (!d.Pipelined) yield return d with { Pipelined = true };
        foreach (var c in Shrinkers.Cuts(d.Cuts)) yield return d with { Cuts = c };
    }

    public static Arbitrary<ValidDialog> ValidArb => Arb.From(Valid, ShrinkValid);

    private static Gen<byte> Except(params byte[] good) => Gens.AnyByte.Where(b => !good.Contains(b));

    private static byte[] E<T>(T m) where T : struct, ISocksMessage<T>, IEquatable<T> => Wire.Encode(m);

    private static readonly byte[] NoAuthGreeting = E(new Socks5Greeting(0));
    private static readonly byte[] AuthGreeting = E(new Socks5Greeting(2));
    private static readonly byte[] Login = E(new UsernamePasswordRequest(Loopback.User, Loopback.Password));

    /// <summary>Loopback-only requests (literal addresses or "localhost"), so a broken request never leads off the machine.</summary>
    private static Gen<Socks5Request> LoopbackRequest(int port) =>
        from cmd in Gen.Elements(Socks5Command.Connect, Socks5Command.Bind, Socks5Command.UdpAssociate)
        from addr in Gen.Elements(SocksAddress.FromIPAddress(IPAddress.Loopback), SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), SocksAddress.FromDomain("localhost"))
        select new Socks5Request(cmd, addr, (ushort)port);

    private static bool Closed(byte[] answer) => answer.Length == 0;

    private static bool NoMethod(byte[] a) => Closed(a) || a.AsSpan().SequenceEqual(new byte[] { 5, 0xFF });

    private static bool LoginRefused(byte[] a) => Closed(a) || (a.Length == 2 && a[1] != 0);

    private static bool Reply5(byte[] a, Func<byte, bool> rep) =>
        Closed(a) || (Socks5Reply.TryRead(a, out var r).IsClean && r.Rep != 0 && rep(r.Rep));

    private static bool Reply4Rejected(byte[] a) => Closed(a) || (a.Length == 8 && a[0] == 0 && a[1] is 91 or 92 or 93);

    /// <summary>One generator per client-side rule, each with the answer the RFC calls for: the failure reply or a close.</summary>
    public static Gen<Shrinkable<InvalidDialog>> Invalid(Loopback l)
    {
        int p = l.EchoPort;
        var request = LoopbackRequest(p);
        var connect = request.Select(r => r with { Cmd = (byte)Socks5Command.Connect });
        var s4 = from cd in Gen.Elements<byte>(1, 2) select new Socks4Request((Socks4Command)cd, 0x7F000001, (ushort)p);
        var s4a = from cd in Gen.Elements<byte>(1, 2) select new Socks4Request((Socks4Command)cd, 1, (ushort)p, "", "localhost");
        // Each dialog is made from a valid message and the bad value of the field its rule is about; a counterexample
        // shrinks the message (then breaks it again) and the bad value to the least one that still breaks the rule.
        var none = Gen.Constant(0);
        return Gen.OneOf(
            Shrinkable.Broken(Gens.Greeting, Shrinkers.Greeting, Except(4, 5), (byte)0,
                (m, v) => new InvalidDialog("GreetingVersionNotFive", false, [], E(m with { Ver = v }), NoMethod, "05 FF or close")),
            Shrinkable.Fixed(new InvalidDialog("GreetingNoMethods", false, [], E(new Socks5Greeting()), NoMethod, "05 FF or close")),
            Shrinkable.Broken(none, NoShrink, Except(1), (byte)0,
                (_, v) => new InvalidDialog("UserPassVersionNotOne", true, AuthGreeting, E(new UsernamePasswordRequest(Loopback.User, Loopback.Password) with { Ver = v }), LoginRefused, "STATUS != 0 or close")),
            Shrinkable.Fixed(new InvalidDialog("UserPassEmptyUsername", true, AuthGreeting, E(new UsernamePasswordRequest("", Loopback.Password)), LoginRefused, "STATUS != 0 or close")),
            Shrinkable.Fixed(new InvalidDialog("UserPassEmptyPassword", true, AuthGreeting, E(new UsernamePasswordRequest(Loopback.User, "")), LoginRefused, "STATUS != 0 or close")),
            Shrinkable.Broken(request, ShrinkLoopbackRequest, Except(5), (byte)0,
                (m, v) => new InvalidDialog("RequestVersionNotFive", false, NoAuthGreeting, E(m with { Ver = v }), a => Reply5(a, _ => true), "failure REP or close")),
            Shrinkable.Broken(request, ShrinkLoopbackRequest, Except(1, 2, 3), (byte)0,
                (m, c) => new InvalidDialog("RequestUnknownCommand", false, NoAuthGreeting, E(m with { Cmd = c }), a => Reply5(a, r => r == 7), "REP 07 or close")),
            Shrinkable.Broken(request, ShrinkLoopbackRequest, Gens.NonZeroByte, (byte)1,
                (m, r) => new InvalidDialog("RequestReservedNotZero", false, NoAuthGreeting, E(m with { Rsv = r }), a => Reply5(a, _ => true), "failure REP or close")),
            // A name is only checked where it must be reached: for BIND and UDP ASSOCIATE, DST is a hint the RFC lets a
            // server use or ignore, so a broken name there has no prescribed answer.
            Shrinkable.Broken(connect, NoShrink, none, 0,
                (m, _) => new InvalidDialog("EmptyDomainName", false, NoAuthGreeting, E(m with { DstAddr = new SocksAddress(3, []) }), a => Reply5(a, _ => true), "failure REP or close")),
            Shrinkable.Broken(connect, NoShrink, Gen.Choose(0, 9), 0,
                (m, at) => new InvalidDialog("DomainNameContainsNul", false, NoAuthGreeting,
                    E(m with { DstAddr = new SocksAddress(3, [.. "localhost"u8[..at], 0, .. "localhost"u8[at..]]) }), a => Reply5(a, _ => true), "failure REP or close")),
            Shrinkable.Broken(request, ShrinkLoopbackRequest, Except(1, 3, 4), (byte)0,
                (m, atyp) => new InvalidDialog("UnknownAddressType (framing)", false, NoAuthGreeting, E(m with { DstAddr = new SocksAddress(atyp, [127, 0, 0, 1]) }), a => Reply5(a, r => r == 8), "REP 08 or close")),
            Shrinkable.Broken(s4, ShrinkCd, Except(1, 2), (byte)0,
                (m, c) => new InvalidDialog("Socks4UnknownCommand", false, [], E(m with { Cd = c }), Reply4Rejected, "CD 91 or close")),
            Shrinkable.Broken(s4, ShrinkCd, none, 0,
                (m, _) => new InvalidDialog("Socks4DestinationUnspecified", false, [], E(m with { DstIp = 0 }), Reply4Rejected, "CD 91 or close")),
            Shrinkable.Broken(s4a, ShrinkCd, none, 0,
                (m, _) => new InvalidDialog("Socks4aEmptyHostname", false, [], E(m with { Hostname = default }), Reply4Rejected, "CD 91 or close")),
            Shrinkable.Broken(s4, ShrinkCd, Except(4, 5), (byte)0,
                (m, v) => new InvalidDialog("Socks4VersionNotFour", false, [], E(m with { Vn = v }), Closed, "close")));
    }

    private static IEnumerable<T> NoShrink<T>(T _) => [];

    /// <summary>The loopback requests shrink to CONNECT 127.0.0.1 (the port is the fixture's).</summary>
    private static IEnumerable<Socks5Request> ShrinkLoopbackRequest(Socks5Request m)
    {
        if (m.Cmd != (byte)Socks5Command.Connect) yield return m with { Cmd = (byte)Socks5Command.Connect };
        var v4 = SocksAddress.FromIPAddress(IPAddress.Loopback);
        if (!m.DstAddr.Equals(v4)) yield return m with { DstAddr = v4 };
    }

    private static IEnumerable<Socks4Request> ShrinkCd(Socks4Request m)
    {
        if (m.Cd != (byte)Socks4Command.Connect) yield return m with { Cd = (byte)Socks4Command.Connect };
    }
}
