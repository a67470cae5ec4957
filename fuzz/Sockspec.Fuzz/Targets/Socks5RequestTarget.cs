using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks5Request.TryRead"/>: VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT (RFC 1928 §4).</summary>
public sealed class Socks5RequestTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.RequestVersionNotFive, SocksViolation.RequestUnknownCommand, SocksViolation.RequestReservedNotZero,
        SocksViolation.EmptyDomainName, SocksViolation.DomainNameContainsNul);

    public string Name => "socks5-request";

    public int MaxInputLength => Socks5Request.MaxLength + 8;

    public IEnumerable<byte[]> Seeds() =>
        AddressRules.Samples().Select(a => Seed.Of(new Socks5Request(Socks5Command.Connect, a, 80)))
            .Append(Seed.Of(new Socks5Request(Socks5Command.Bind, SocksAddress.IPv4Any, 0)))
            .Append(Seed.Of(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.IPv4Any, 0) { Rsv = 1 }))
            .Append(Seed.Of(new Socks5Request(Socks5Command.Connect, new SocksAddress(0x05, [1, 2, 3, 4]), 80) { Cmd = 9, Ver = 4 }));

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks5Request>(data, Allowed, AddressRules.Errors, Rules);

    private static ViolationSet Rules(in Socks5Request m) => new ViolationSet(AddressRules.Of(m.DstAddr).Bits)
        .WithIf(m.Ver != 5, SocksViolation.RequestVersionNotFive)
        .WithIf(m.Cmd is not (1 or 2 or 3), SocksViolation.RequestUnknownCommand)
        .WithIf(m.Rsv != 0, SocksViolation.RequestReservedNotZero);
}
