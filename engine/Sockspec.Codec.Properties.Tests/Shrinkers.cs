using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// Shrinkers for the generators in <see cref="Gens"/>, so that a failing property reports a minimal message (a
/// one-method greeting, a 1-octet name, port 0) instead of the 255-octet one it happened to draw. Every candidate
/// keeps what the generator promises (a valid message of the same kind: a SOCKS4 request stays SOCKS4, a 4a one 4a)
/// and is strictly smaller: shorter on the wire, or as long and lexicographically lower (see
/// <see cref="ShrinkOrder"/>), so shrinking always ends. The candidates come first the big steps (the shortest field,
/// half of it), then one octet or one field at a time.
/// </summary>
public static class Shrinkers
{
    /// <summary>
    /// Shorter versions of a field (down to <paramref name="min"/> octets: the shortest, half, one less), then the
    /// field with one octet above <paramref name="simplest"/> replaced by it. Octets at or below it are left alone,
    /// so every candidate is lower.
    /// </summary>
    public static IEnumerable<byte[]> Field(byte[] b, int min, byte simplest)
    {
        if (b.Length > min)
        {
            yield return Enumerable.Repeat(simplest, min).ToArray();
            int half = Math.Max(min, b.Length / 2);
            if (half > min && half < b.Length - 1) yield return b[..half];
            if (b.Length - 1 > min) yield return b[..^1];
        }
        int at = Array.FindIndex(b, x => x > simplest);
        if (at >= 0)
        {
            var c = (byte[])b.Clone();
            c[at] = simplest;
            yield return c;
        }
    }

    /// <summary>Zero, then half: lower on the wire (big-endian) whatever the width.</summary>
    public static IEnumerable<uint> Number(uint v, uint min = 0)
    {
        if (v > min) yield return min;
        if (v / 2 > min) yield return v / 2;
    }

    public static IEnumerable<ushort> Port(ushort p) => Number(p).Select(v => (ushort)v);

    public static IEnumerable<byte> Octet(byte b, byte simplest = 0) => Number(b, simplest).Select(v => (byte)v);

    /// <summary>The shortest address on the wire: a one-octet name (03 01 61, where 0.0.0.0 takes 5 octets).</summary>
    public static readonly SocksAddress ShortestAddress = new((byte)AddressType.DomainName, "a"u8);

    /// <summary>
    /// Any address to the one-octet name "a" first (the shortest), then within its kind: IPv4 and IPv6 to all zeros
    /// (for a failure that needs an IP address), a name to a shorter one.
    /// </summary>
    public static IEnumerable<SocksAddress> Address(SocksAddress a)
    {
        switch ((AddressType)a.Atyp)
        {
            case AddressType.IPv4 or AddressType.IPv6:
                yield return ShortestAddress;
                var zeros = new SocksAddress(a.Atyp, new byte[a.Bytes.Length]);
                if (!a.Equals(zeros)) yield return zeros;
                break;
            case AddressType.DomainName:
                foreach (var name in Field(a.Bytes.Span.ToArray(), 1, (byte)'a')) yield return new SocksAddress((byte)AddressType.DomainName, name);
                break;
        }
    }

    public static IEnumerable<Socks5Greeting> Greeting(Socks5Greeting m) =>
        Field(m.Methods.Span.ToArray(), 1, 0).Select(methods => new Socks5Greeting(methods));

    public static IEnumerable<Socks5MethodSelection> MethodSelection(Socks5MethodSelection m) =>
        Octet(m.Method).Select(b => new Socks5MethodSelection(b));

    public static IEnumerable<UsernamePasswordRequest> UserPass(UsernamePasswordRequest m)
    {
        var u = m.UName.Span.ToArray();
        var p = m.Passwd.Span.ToArray();
        foreach (var s in Field(u, 1, 0)) yield return new UsernamePasswordRequest(s, p);
        foreach (var s in Field(p, 1, 0)) yield return new UsernamePasswordRequest(u, s);
    }

    public static IEnumerable<UsernamePasswordResponse> UserPassResponse(UsernamePasswordResponse m) =>
        Octet(m.Status).Select(s => new UsernamePasswordResponse(s));

    public static IEnumerable<Socks5Request> Request(Socks5Request m)
    {
        foreach (var a in Address(m.DstAddr)) yield return m with { DstAddr = a };
        if (m.Cmd > (byte)Socks5Command.Connect) yield return m with { Cmd = (byte)Socks5Command.Connect };
        foreach (var p in Port(m.DstPort)) yield return m with { DstPort = p };
    }

    public static IEnumerable<Socks5Reply> Reply(Socks5Reply m)
    {
        foreach (var a in Address(m.BndAddr)) yield return m with { BndAddr = a };
        foreach (var r in Octet(m.Rep)) yield return m with { Rep = r };
        foreach (var p in Port(m.BndPort)) yield return m with { BndPort = p };
    }

    public static IEnumerable<Socks5UdpHeader> UdpHeader(Socks5UdpHeader m)
    {
        foreach (var a in Address(m.DstAddr)) yield return m with { DstAddr = a };
        foreach (var f in Octet(m.Frag)) yield return m with { Frag = f };
        foreach (var p in Port(m.DstPort)) yield return m with { DstPort = p };
    }

    /// <summary>
    /// USERID shorter (to empty) and its octets to 0x01 (never NUL), the 4a name shorter; DSTIP to the lowest of its
    /// kind (0.0.0.1 for 4a, 0.0.1.0 for SOCKS4), so a request never changes between SOCKS4 and SOCKS4a.
    /// </summary>
    public static IEnumerable<Socks4Request> Socks4Request(Socks4Request m)
    {
        foreach (var u in Field(m.UserId.Span.ToArray(), 0, 1)) yield return m with { UserId = ShortBytes.From(u) };
        if (m.IsSocks4a)
            foreach (var h in Field(m.Hostname.Span.ToArray(), 1, (byte)'a')) yield return m with { Hostname = ShortBytes.From(h) };
        if (m.Cd > (byte)Socks4Command.Connect) yield return m with { Cd = (byte)Socks4Command.Connect };
        foreach (var ip in Number(m.DstIp, m.IsSocks4a ? 1u : 256u)) yield return m with { DstIp = ip };
        foreach (var p in Port(m.DstPort)) yield return m with { DstPort = p };
    }

    public static IEnumerable<Socks4Reply> Socks4Reply(Socks4Reply m)
    {
        foreach (var c in Octet(m.Cd, 90)) yield return m with { Cd = c };
        foreach (var ip in Number(m.DstIp)) yield return m with { DstIp = ip };
        foreach (var p in Port(m.DstPort)) yield return m with { DstPort = p };
    }

    /// <summary>A shorter token (its header's length follows), then a lower message type; the abort message is minimal.</summary>
    public static IEnumerable<(GssApiMessage Header, byte[] Token)> GssApi((GssApiMessage Header, byte[] Token) g)
    {
        if (g.Header.IsAbort) yield break;
        foreach (var t in Field(g.Token, 0, 0)) yield return (new GssApiMessage(g.Header.Mtyp, (ushort)t.Length), t);
        if (g.Header.Mtyp > 1) yield return (g.Header with { Mtyp = 1 }, g.Token);
    }

    /// <summary>Fewer cut points, then lower ones: any list of cuts is valid (they are taken modulo the length).</summary>
    public static IEnumerable<int[]> Cuts(int[] cuts)
    {
        if (cuts.Length > 0) yield return cuts[..^1];
        int at = Array.FindIndex(cuts, c => c > 0);
        if (at >= 0)
        {
            var c = (int[])cuts.Clone();
            c[at] /= 2;
            yield return c;
        }
    }
}

/// <summary>The generators of <see cref="Gens"/> with their shrinkers: what the properties draw from.</summary>
public static class Arbs
{
    public static Arbitrary<Socks5Greeting> Greeting => Arb.From(Gens.Greeting, Shrinkers.Greeting);

    public static Arbitrary<Socks5MethodSelection> MethodSelection => Arb.From(Gens.MethodSelection, Shrinkers.MethodSelection);

    public static Arbitrary<UsernamePasswordRequest> UserPass => Arb.From(Gens.UserPass, Shrinkers.UserPass);

    public static Arbitrary<UsernamePasswordResponse> UserPassResponse => Arb.From(Gens.UserPassResponse, Shrinkers.UserPassResponse);

    public static Arbitrary<Socks5Request> Request => Arb.From(Gens.Request, Shrinkers.Request);

    public static Arbitrary<Socks5Reply> Reply => Arb.From(Gens.Reply, Shrinkers.Reply);

    public static Arbitrary<Socks5UdpHeader> UdpHeader => Arb.From(Gens.UdpHeader, Shrinkers.UdpHeader);

    public static Arbitrary<Socks4Request> Socks4Request => Arb.From(Gens.Socks4Request, Shrinkers.Socks4Request);

    public static Arbitrary<Socks4Reply> Socks4Reply => Arb.From(Gens.Socks4Reply, Shrinkers.Socks4Reply);

    public static Arbitrary<(GssApiMessage Header, byte[] Token)> GssApi => Arb.From(Gens.GssApi, Shrinkers.GssApi);

    public static Arbitrary<int[]> Cuts => Arb.From(Props.Cuts, Shrinkers.Cuts);
}

/// <summary>
/// The order shrinking must descend: shorter first, then lexicographically lower. A shrinker whose candidates were not
/// all below their origin in it could shrink forever.
/// </summary>
public static class ShrinkOrder
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
}
