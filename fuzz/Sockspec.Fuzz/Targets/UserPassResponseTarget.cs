using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="UsernamePasswordResponse.TryRead"/>: VER, STATUS (RFC 1929 §2).</summary>
public sealed class UserPassResponseTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(SocksViolation.UserPassResponseVersionNotOne);

    public string Name => "userpass-response";

    public int MaxInputLength => 16;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new UsernamePasswordResponse(0x00)),
        Seed.Of(new UsernamePasswordResponse(0x01)),
        Seed.Of(new UsernamePasswordResponse(0x00) { Ver = 5 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<UsernamePasswordResponse>(data, Allowed, [], Rules);

    private static ViolationSet Rules(in UsernamePasswordResponse m) =>
        default(ViolationSet).WithIf(m.Ver != 1, SocksViolation.UserPassResponseVersionNotOne);
}
