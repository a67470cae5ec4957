using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// One generator per rule the codec checks: a valid message with exactly the field that rule is about made wrong,
/// written with the codec's writer. <see cref="Encoded"/> is what goes on the wire, <see cref="Read"/> reads it back
/// with the right message type.
/// </summary>
public sealed record BrokenMessage(string Message, byte[] Encoded, Func<byte[], ReadResult> Read)
{
    public override string ToString() => $"{Message} {Convert.ToHexString(Encoded)}";
}

public static class InvalidGens
{
    private static BrokenMessage Of<T>(T m) where T : struct, ISocksMessage<T>
    {
        return new BrokenMessage(T.Name, SocksMessage.ToArray(m), bytes => T.TryRead(bytes, out _));
    }

    private static Gen<byte> Except(params byte[] good) => Gens.AnyByte.Where(b => !good.Contains(b));

    /// <summary>A name with a NUL in it, ordered as <see cref="ShrinkOrder"/> orders bytes (so it can shrink to <see cref="NulName"/>).</summary>
    private sealed record NameWithNul(SocksAddress Address) : IComparable<NameWithNul>
    {
        public int CompareTo(NameWithNul? other) => other is null ? 1 : ShrinkOrder.Compare(Address.Bytes.Span, other.Address.Bytes.Span);
    }

    private static Gen<NameWithNul> DomainWithNul =>
        from name in Gens.ShortField(Gens.NameByte)
        from at in Gen.Choose(0, name.Length - 1)
        select new NameWithNul(new SocksAddress((byte)AddressType.DomainName, [.. name[..at], 0, .. name[(at + 1)..]]));

    /// <summary>The least name with a NUL: the NUL alone.</summary>
    private static readonly NameWithNul NulName = new(new SocksAddress((byte)AddressType.DomainName, [0]));

    // Each generator: a valid message (Gens, with its shrinker), the bad value for the field the rule is about (and the
    // least bad value, where a counterexample shrinks to), and how to break the message with it. A counterexample
    // shrinks by shrinking the valid message and breaking it again, so it stays broken in exactly the same way.
    private static Gen<Shrinkable<BrokenMessage>> Broken<T>(Gen<T> valid, Func<T, IEnumerable<T>> shrink, Func<T, BrokenMessage> breakIt) =>
        Shrinkable.Made(valid, shrink, breakIt);

    private static Gen<Shrinkable<BrokenMessage>> Broken<T, TBad>(Gen<T> valid, Func<T, IEnumerable<T>> shrink, Gen<TBad> bad, TBad lowest, Func<T, TBad, BrokenMessage> breakIt)
        where TBad : IComparable<TBad> =>
        Shrinkable.Broken(valid, shrink, bad, lowest, breakIt);

    /// <summary>For each violation, a generator of messages that break that rule and no other.</summary>
    public static IReadOnlyDictionary<SocksViolation, Gen<Shrinkable<BrokenMessage>>> ByViolation { get; } = new Dictionary<SocksViolation, Gen<Shrinkable<BrokenMessage>>>
    {
        [SocksViolation.GreetingVersionNotFive] = Broken(Gens.Greeting, Shrinkers.Greeting, Except(5), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.GreetingNoMethods] = Shrinkable.Fixed(Of(new Socks5Greeting())),
        [SocksViolation.MethodSelectionVersionNotFive] = Broken(Gens.MethodSelection, Shrinkers.MethodSelection, Except(5), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.UserPassVersionNotOne] = Broken(Gens.UserPass, Shrinkers.UserPass, Except(1), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.UserPassEmptyUsername] = Broken(Gens.UserPass, Shrinkers.UserPass, m => Of(m with { ULen = 0, UName = default })),
        [SocksViolation.UserPassEmptyPassword] = Broken(Gens.UserPass, Shrinkers.UserPass, m => Of(m with { PLen = 0, Passwd = default })),
        [SocksViolation.UserPassResponseVersionNotOne] = Broken(Gens.UserPassResponse, Shrinkers.UserPassResponse, Except(1), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.RequestVersionNotFive] = Broken(Gens.Request, Shrinkers.Request, Except(5), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.RequestUnknownCommand] = Broken(Gens.Request, Shrinkers.Request, Except(1, 2, 3), (byte)0, (m, c) => Of(m with { Cmd = c })),
        [SocksViolation.RequestReservedNotZero] = Broken(Gens.Request, Shrinkers.Request, Gens.NonZeroByte, (byte)1, (m, r) => Of(m with { Rsv = r })),
        [SocksViolation.EmptyDomainName] = Broken(Gens.Request, Shrinkers.Request, m => Of(m with { DstAddr = new SocksAddress((byte)AddressType.DomainName, []) })),
        [SocksViolation.DomainNameContainsNul] = Broken(Gens.Request, Shrinkers.Request, DomainWithNul, NulName, (m, a) => Of(m with { DstAddr = a.Address })),
        [SocksViolation.ReplyVersionNotFive] = Broken(Gens.Reply, Shrinkers.Reply, Except(5), (byte)0, (m, v) => Of(m with { Ver = v })),
        [SocksViolation.ReplyUnassignedCode] = Broken(Gens.Reply, Shrinkers.Reply, Gen.Choose(9, 255), 9, (m, r) => Of(m with { Rep = (byte)r })),
        [SocksViolation.ReplyReservedNotZero] = Broken(Gens.Reply, Shrinkers.Reply, Gens.NonZeroByte, (byte)1, (m, r) => Of(m with { Rsv = r })),
        [SocksViolation.UdpReservedNotZero] = Broken(Gens.UdpHeader, Shrinkers.UdpHeader, Gen.Choose(1, 65535), 1, (m, r) => Of(m with { Rsv = (ushort)r })),
        [SocksViolation.Socks4VersionNotFour] = Broken(Gens.Socks4Request, Shrinkers.Socks4Request, Except(4), (byte)0, (m, v) => Of(m with { Vn = v })),
        [SocksViolation.Socks4UnknownCommand] = Broken(Gens.Socks4Request, Shrinkers.Socks4Request, Except(1, 2), (byte)0, (m, c) => Of(m with { Cd = c })),
        [SocksViolation.Socks4DestinationUnspecified] = Broken(Gens.Socks4Request.Where(r => !r.IsSocks4a), Shrinkers.Socks4Request, m => Of(m with { DstIp = 0 })),
        [SocksViolation.Socks4aEmptyHostname] = Broken(Gens.Socks4Request.Where(r => r.IsSocks4a), Shrinkers.Socks4Request, m => Of(m with { Hostname = default })),
        [SocksViolation.Socks4ReplyVersionNotZero] = Broken(Gens.Socks4Reply, Shrinkers.Socks4Reply, Gens.NonZeroByte, (byte)1, (m, v) => Of(m with { Vn = v })),
        [SocksViolation.Socks4ReplyUnassignedCode] = Broken(Gens.Socks4Reply, Shrinkers.Socks4Reply, Except(90, 91, 92, 93), (byte)0, (m, c) => Of(m with { Cd = c })),
        [SocksViolation.GssApiVersionNotOne] = Broken(Gens.GssApi, Shrinkers.GssApi, Except(1), (byte)0, (m, v) => GssOf(m.Header with { Ver = v }, m.Token)),
        [SocksViolation.GssApiUnknownMessageType] = Broken(Gens.GssApi, Shrinkers.GssApi, Except(1, 2, 3, 0xFF), (byte)0, (m, t) => GssOf(m.Header with { Mtyp = t }, m.Token)),
    };

    /// <summary>For each framing error, a generator of bytes that cannot be framed for that reason.</summary>
    public static IReadOnlyDictionary<FramingError, Gen<Shrinkable<BrokenMessage>>> ByFramingError { get; } = new Dictionary<FramingError, Gen<Shrinkable<BrokenMessage>>>
    {
        [FramingError.UnknownAddressType] = Broken(Gens.Request, Shrinkers.Request, Except(1, 3, 4), (byte)0,
            (m, atyp) => Of(m with { DstAddr = new SocksAddress(atyp, m.DstAddr.Bytes.Span) })),
        [FramingError.UserIdTooLong] = Broken(Gens.Socks4Request, Shrinkers.Socks4Request, Gen.Choose(1, 40), 1,
            (m, extra) => Overlong(m with { UserId = ShortBytes.From(Enumerable.Repeat((byte)'u', 255).ToArray()) }, 8 + 255, extra)),
        [FramingError.HostnameTooLong] = Broken(Gens.Socks4Request.Where(r => r.IsSocks4a), Shrinkers.Socks4Request, Gen.Choose(1, 40), 1,
            (m, extra) => Overlong(m with { Hostname = ShortBytes.From(Enumerable.Repeat((byte)'h', 255).ToArray()) }, 9 + m.UserId.Length + 255, extra)),
    };

    private static BrokenMessage GssOf(GssApiMessage header, byte[] token) =>
        new(GssApiMessage.Name, SocksMessage.ToArray(header, token), bytes => GssApiMessage.TryRead(bytes, out _));

    /// <summary>
    /// A field at the 255-octet bound with its NUL replaced by <paramref name="extra"/> more non-NUL octets: the writer's
    /// fields hold at most 255 octets, so the overlong field is made by extending the written bytes.
    /// </summary>
    private static BrokenMessage Overlong(Codec.Socks4Request m, int nulAt, int extra)
    {
        var written = Of(m).Encoded;
        byte[] b = [.. written[..nulAt], .. Enumerable.Repeat((byte)'x', extra)];
        return new BrokenMessage(Codec.Socks4Request.Name, b, bytes => Codec.Socks4Request.TryRead(bytes, out _));
    }
}
