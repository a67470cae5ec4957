using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks5UdpHeader.TryRead"/>: RSV, FRAG, ATYP, DST.ADDR, DST.PORT, then DATA (RFC 1928 §7).</summary>
public sealed class UdpHeaderTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.UdpReservedNotZero, SocksViolation.EmptyDomainName, SocksViolation.DomainNameContainsNul);

    public string Name => "udp-header";

    public int MaxInputLength => Socks5UdpHeader.MaxLength + 32;

    public IEnumerable<byte[]> Seeds() =>
        AddressRules.Samples().Select(a => Seed.Concat(Seed.Of(new Socks5UdpHeader(a, 53)), "payload"u8.ToArray()))
            .Append(Seed.Of(new Socks5UdpHeader(SocksAddress.IPv4Any, 0, frag: 1) { Rsv = 0x0102 }))
            .Append(Seed.Of(new Socks5UdpHeader(new SocksAddress(0x07, [1]), 0)));

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks5UdpHeader>(data, Allowed, AddressRules.Errors, Rules);

    private static ViolationSet Rules(in Socks5UdpHeader m) => new ViolationSet(AddressRules.Of(m.DstAddr).Bits)
        .WithIf(m.Rsv != 0, SocksViolation.UdpReservedNotZero);
}
