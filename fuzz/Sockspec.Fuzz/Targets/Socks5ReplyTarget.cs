using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks5Reply.TryRead"/>: VER, REP, RSV, ATYP, BND.ADDR, BND.PORT (RFC 1928 §6).</summary>
public sealed class Socks5ReplyTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.ReplyVersionNotFive, SocksViolation.ReplyUnassignedCode, SocksViolation.ReplyReservedNotZero,
        SocksViolation.EmptyDomainName, SocksViolation.DomainNameContainsNul);

    public string Name => "socks5-reply";

    public int MaxInputLength => Socks5Reply.MaxLength + 8;

    public IEnumerable<byte[]> Seeds() =>
        AddressRules.Samples().Select(a => Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, a, 1080)))
            .Append(Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.IPv4Any, 0) { Rep = 5 }))
            .Append(Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.IPv4Any, 0) { Rep = 9, Rsv = 1, Ver = 0 }))
            .Append(Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, new SocksAddress(0x00, []), 0)));

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks5Reply>(data, Allowed, AddressRules.Errors, Rules);

    private static ViolationSet Rules(in Socks5Reply m) => new ViolationSet(AddressRules.Of(m.BndAddr).Bits)
        .WithIf(m.Ver != 5, SocksViolation.ReplyVersionNotFive)
        .WithIf(m.Rep > 8, SocksViolation.ReplyUnassignedCode)
        .WithIf(m.Rsv != 0, SocksViolation.ReplyReservedNotZero);
}
