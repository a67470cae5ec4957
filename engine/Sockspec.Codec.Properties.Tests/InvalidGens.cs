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
        var b = new byte[T.GetLength(m)];
        T.TryWrite(m, b, out _);
        return new BrokenMessage(T.Name, b, bytes => T.TryRead(bytes, out _));
    }

    private static Gen<byte> Except(params byte[] good) => Gens.AnyByte.Where(b => !good.Contains(b));

    private static Gen<SocksAddress> DomainWithNul =>
        from name in Gens.ShortField(Gens.NameByte)
        from at in Gen.Choose(0, name.Length - 1)
        select new SocksAddress((byte)AddressType.DomainName, [.. name[..at], 0, .. name[(at + 1)..]]);

    private static Gen<SocksAddress> EmptyDomain => Gen.Constant(new SocksAddress((byte)AddressType.DomainName, []));

    /// <summary>For each violation, a generator of messages that break that rule and no other.</summary>
    public static IReadOnlyDictionary<SocksViolation, Gen<BrokenMessage>> ByViolation { get; } = new Dictionary<SocksViolation, Gen<BrokenMessage>>
    {
        [SocksViolation.GreetingVersionNotFive] = from m in Gens.Greeting from v in Except(5) select Of(m with { Ver = v }),
        [SocksViolation.GreetingNoMethods] = Gen.Constant(Of(new Socks5Greeting())),
        [SocksViolation.MethodSelectionVersionNotFive] = from m in Gens.MethodSelection from v in Except(5) select Of(m with { Ver = v }),
        [SocksViolation.UserPassVersionNotOne] = from m in Gens.UserPass from v in Except(1) select Of(m with { Ver = v }),
        [SocksViolation.UserPassEmptyUsername] = from m in Gens.UserPass select Of(m with { ULen = 0, UName = default }),
        [SocksViolation.UserPassEmptyPassword] = from m in Gens.UserPass select Of(m with { PLen = 0, Passwd = default }),
        [SocksViolation.UserPassResponseVersionNotOne] = from m in Gens.UserPassResponse from v in Except(1) select Of(m with { Ver = v }),
        [SocksViolation.RequestVersionNotFive] = from m in Gens.Request from v in Except(5) select Of(m with { Ver = v }),
        [SocksViolation.RequestUnknownCommand] = from m in Gens.Request from c in Except(1, 2, 3) select Of(m with { Cmd = c }),
        [SocksViolation.RequestReservedNotZero] = from m in Gens.Request from r in Gens.NonZeroByte select Of(m with { Rsv = r }),
        [SocksViolation.EmptyDomainName] = from m in Gens.Request from a in EmptyDomain select Of(m with { DstAddr = a }),
        [SocksViolation.DomainNameContainsNul] = from m in Gens.Request from a in DomainWithNul select Of(m with { DstAddr = a }),
        [SocksViolation.ReplyVersionNotFive] = from m in Gens.Reply from v in Except(5) select Of(m with { Ver = v }),
        [SocksViolation.ReplyUnassignedCode] = from m in Gens.Reply from r in Gen.Choose(9, 255) select Of(m with { Rep = (byte)r }),
        [SocksViolation.ReplyReservedNotZero] = from m in Gens.Reply from r in Gens.NonZeroByte select Of(m with { Rsv = r }),
        [SocksViolation.UdpReservedNotZero] = from m in Gens.UdpHeader from r in Gen.Choose(1, 65535) select Of(m with { Rsv = (ushort)r }),
        [SocksViolation.Socks4VersionNotFour] = from m in Gens.Socks4Request from v in Except(4) select Of(m with { Vn = v }),
        [SocksViolation.Socks4UnknownCommand] = from m in Gens.Socks4Request from c in Except(1, 2) select Of(m with { Cd = c }),
        [SocksViolation.Socks4DestinationUnspecified] = from m in Gens.Socks4Request.Where(r => !r.IsSocks4a) select Of(m with { DstIp = 0 }),
        [SocksViolation.Socks4aEmptyHostname] = from m in Gens.Socks4Request.Where(r => r.IsSocks4a) select Of(m with { Hostname = default }),
        [SocksViolation.Socks4ReplyVersionNotZero] = from m in Gens.Socks4Reply from v in Gens.NonZeroByte select Of(m with { Vn = v }),
        [SocksViolation.Socks4ReplyUnassignedCode] = from m in Gens.Socks4Reply from c in Except(90, 91, 92, 93) select Of(m with { Cd = c }),
        [SocksViolation.GssApiVersionNotOne] = from m in Gens.GssApi from v in Except(1) select GssOf(m.Header with { Ver = v }, m.Token),
        [SocksViolation.GssApiUnknownMessageType] = from m in Gens.GssApi from t in Except(1, 2, 3, 0xFF) select GssOf(m.Header with { Mtyp = t }, m.Token),
    };

    /// <summary>For each framing error, a generator of bytes that cannot be framed for that reason.</summary>
    public static IReadOnlyDictionary<FramingError, Gen<BrokenMessage>> ByFramingError { get; } = new Dictionary<FramingError, Gen<BrokenMessage>>
    {
        [FramingError.UnknownAddressType] =
            from m in Gens.Request
            from atyp in Except(1, 3, 4)
            select Of(m with { DstAddr = new SocksAddress(atyp, m.DstAddr.Bytes.Span) }),
        [FramingError.UserIdTooLong] =
            from m in Gens.Socks4Request
            from extra in Gen.Choose(1, 40)
            select Overlong(m with { UserId = ShortBytes.From(Enumerable.Repeat((byte)'u', 255).ToArray()) }, 8 + 255, extra),
        [FramingError.HostnameTooLong] =
            from m in Gens.Socks4Request.Where(r => r.IsSocks4a)
            from extra in Gen.Choose(1, 40)
            select Overlong(m with { Hostname = ShortBytes.From(Enumerable.Repeat((byte)'h', 255).ToArray()) }, 9 + m.UserId.Length + 255, extra),
    };

    private static BrokenMessage GssOf(GssApiMessage header, byte[] token)
    {
        var b = new byte[GssApiMessage.GetLength(header)];
        GssApiMessage.TryWrite(header, token, b, out _);
        return new BrokenMessage(GssApiMessage.Name, b, bytes => GssApiMessage.TryRead(bytes, out _));
    }

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
