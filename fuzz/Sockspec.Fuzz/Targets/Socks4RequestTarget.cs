using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="Socks4Request.TryRead"/>: VN, CD, DSTPORT, DSTIP, USERID NUL, and for SOCKS4a a hostname NUL.</summary>
public sealed class Socks4RequestTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.Socks4VersionNotFour, SocksViolation.Socks4UnknownCommand,
        SocksViolation.Socks4DestinationUnspecified, SocksViolation.Socks4aEmptyHostname);

    private static readonly FramingError[] Errors = [FramingError.UserIdTooLong, FramingError.HostnameTooLong];

    private const uint Loopback = 0x7F000001;

    public string Name => "socks4-request";

    public int MaxInputLength => Socks4Request.MaxLength + 8;

    public IEnumerable<byte[]> Seeds() =>
    [
        Seed.Of(new Socks4Request(Socks4Command.Connect, Loopback, 80)),
        Seed.Of(new Socks4Request(Socks4Command.Connect, Loopback, 80, "alice")),
        Seed.Of(new Socks4Request(Socks4Command.Bind, Loopback, 0, new string('u', 255))),
        Seed.Of(new Socks4Request(Socks4Command.Connect, 1, 80, "alice", "localhost")),
        Seed.Of(new Socks4Request(Socks4Command.Connect, 255, 80, "", new string('h', 255))),
        Seed.Of(new Socks4Request(Socks4Command.Connect, 1, 80, "", "")),
        Seed.Of(new Socks4Request(Socks4Command.Connect, 0, 80) { Vn = 5, Cd = 3 }),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<Socks4Request>(data, Allowed, Errors, Rules);

    private static ViolationSet Rules(in Socks4Request m)
    {
        bool socks4a = m.DstIp is >= 1 and <= 255;
        return default(ViolationSet)
            .WithIf(m.Vn != 4, SocksViolation.Socks4VersionNotFour)
            .WithIf(m.Cd is not (1 or 2), SocksViolation.Socks4UnknownCommand)
            .WithIf(m.DstIp == 0, SocksViolation.Socks4DestinationUnspecified)
            .WithIf(socks4a && m.Hostname.IsEmpty, SocksViolation.Socks4aEmptyHostname);
    }
}
