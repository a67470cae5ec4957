using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="UsernamePasswordRequest.TryRead"/>: VER, ULEN, UNAME, PLEN, PASSWD (RFC 1929 §2).</summary>
public sealed class UserPassRequestTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.UserPassVersionNotOne, SocksViolation.UserPassEmptyUsername, SocksViolation.UserPassEmptyPassword);

    public string Name => "userpass-request";

    public int MaxInputLength => UsernamePasswordRequest.MaxLength + 8;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new UsernamePasswordRequest("user", "pass")),
        Seed.Of(new UsernamePasswordRequest("", "")),
        Seed.Of(new UsernamePasswordRequest(new string('u', 255), new string('p', 255))),
        Seed.Of(new UsernamePasswordRequest("u", "p") { Ver = 5 }),
        Seed.Of(new UsernamePasswordRequest("user", "pass") { ULen = 9 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<UsernamePasswordRequest>(data, Allowed, [], Rules);

    private static ViolationSet Rules(in UsernamePasswordRequest m) => default(ViolationSet)
        .WithIf(m.Ver != 1, SocksViolation.UserPassVersionNotOne)
        .WithIf(m.UName.IsEmpty, SocksViolation.UserPassEmptyUsername)
        .WithIf(m.Passwd.IsEmpty, SocksViolation.UserPassEmptyPassword);
}
