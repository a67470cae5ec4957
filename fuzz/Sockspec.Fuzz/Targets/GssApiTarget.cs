using Sockspec.Codec;

namespace Sockspec.Fuzz.Targets;

/// <summary><see cref="GssApiMessage.TryRead"/>: ver, mtyp, len, token; or the two-octet abort (RFC 1961 §3-§5).</summary>
public sealed class GssApiTarget : IFuzzTarget
{
    private static readonly ViolationSet Allowed = ViolationSet.Of(
        SocksViolation.GssApiVersionNotOne, SocksViolation.GssApiUnknownMessageType);

    public string Name => "gssapi";

    // Long enough for tokens that real mechanisms send (Kerberos AP-REQs run to a few KiB); MaxLength (64 KiB + 4)
    // would only slow the fuzzer down with inputs that read as NeedMoreData.
    public int MaxInputLength => 4096;

    public IEnumerable<byte[]> Seeds() =>
    [
        SocksMessage.ToArray(new GssApiMessage(1, 4), [0x60, 0x82, 0x01, 0x00]),
        SocksMessage.ToArray(new GssApiMessage(2, 1), [0x01]),
        SocksMessage.ToArray(new GssApiMessage(3, 0), []),
        SocksMessage.ToArray(new GssApiMessage(GssApiMessage.AbortType, 0), []),
        SocksMessage.ToArray(new GssApiMessage(7, 2) { Ver = 5 }, [0xAA, 0xBB]),
    ];

    public void Run(ReadOnlySpan<byte> data) =>
        CodecProperties.Check<GssApiMessage>(data, Allowed, [], Rules, Encode);

    // The reader does not copy the token, so the round trip writes the token it was given back in.
    private static bool Encode(in GssApiMessage m, ReadOnlySpan<byte> consumed, Span<byte> destination, out int written) =>
        GssApiMessage.TryWrite(m, m.IsAbort ? default : consumed[4..], destination, out written);

    private static ViolationSet Rules(in GssApiMessage m) => default(ViolationSet)
        .WithIf(m.Ver != 1, SocksViolation.GssApiVersionNotOne)
        .WithIf(m.Mtyp is not (1 or 2 or 3 or 0xFF), SocksViolation.GssApiUnknownMessageType);
}
