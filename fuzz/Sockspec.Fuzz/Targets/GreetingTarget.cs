using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks5Greeting.TryRead"/>: VER, NMETHODS, METHODS (RFC 1928 §3).</summary>
public sealed class GreetingTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(SocksViolation.GreetingVersionNotFive, SocksViolation.GreetingNoMethods);

    public string Name => "greeting";

    public int MaxInputLength => Socks5Greeting.MaxLength + 8;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new Socks5Greeting(0x00)),
        Seed.Of(new Socks5Greeting(0x00, 0x02)),
        Seed.Of(new Socks5Greeting(0x00, 0x01, 0x02, 0x80, 0xFF)),
        Seed.Of(new Socks5Greeting(Array.Empty<byte>())),
        Seed.Of(new Socks5Greeting(0x02) { Ver = 4 }),
        Seed.Of(new Socks5Greeting(0x00) { NMethods = 3 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks5Greeting>(data, Allowed, [], Rules);

    private static ViolationSet Rules(in Socks5Greeting m) => default(ViolationSet)
        .WithIf(m.Ver != 5, SocksViolation.GreetingVersionNotFive)
        .WithIf(m.Methods.Length == 0, SocksViolation.GreetingNoMethods);
}
