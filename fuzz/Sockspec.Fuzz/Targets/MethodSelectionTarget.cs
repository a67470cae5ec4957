using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks5MethodSelection.TryRead"/>: VER, METHOD (RFC 1928 §3).</summary>
public sealed class MethodSelectionTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(SocksViolation.MethodSelectionVersionNotFive);

    public string Name => "method-selection";

    public int MaxInputLength => 16;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new Socks5MethodSelection(0x00)),
        Seed.Of(new Socks5MethodSelection(0x02)),
        Seed.Of(new Socks5MethodSelection(0xFF)),
        Seed.Of(new Socks5MethodSelection(0x00) { Ver = 4 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks5MethodSelection>(data, Allowed, [], Rules);

    private static ViolationSet Rules(in Socks5MethodSelection m) =>
        default(ViolationSet).WithIf(m.Ver != 5, SocksViolation.MethodSelectionVersionNotFive);
}
