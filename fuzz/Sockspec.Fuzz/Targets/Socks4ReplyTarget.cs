using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks4Reply.TryRead"/>: VN, CD, DSTPORT, DSTIP, exactly 8 octets.</summary>
public sealed class Socks4ReplyTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.Socks4ReplyVersionNotZero, SocksViolation.Socks4ReplyUnassignedCode);

    public string Name => "socks4-reply";

    public int MaxInputLength => 24;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new Socks4Reply(Socks4Cd.RequestGranted)),
        Seed.Of(new Socks4Reply(Socks4Cd.RequestRejectedOrFailed, 0x7F000001, 1080)),
        Seed.Of(new Socks4Reply(Socks4Cd.IdentdUserIdMismatch) { Vn = 4 }),
        Seed.Of(new Socks4Reply(Socks4Cd.RequestGranted) { Cd = 0 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks4Reply>(data, Allowed, [], Rules);

    private static ViolationSet Rules(in Socks4Reply m) => default(ViolationSet)
        .WithIf(m.Vn != 0, SocksViolation.Socks4ReplyVersionNotZero)
        .WithIf(m.Cd is not (90 or 91 or 92 or 93), SocksViolation.Socks4ReplyUnassignedCode);
}
