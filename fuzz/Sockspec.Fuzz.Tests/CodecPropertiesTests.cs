using Sockspec.Codec;

namespace Sockspec.Fuzz.Tests;

/// <summary>The property checker must be able to fail; these feed it wrong expectations and expect a finding.</summary>
public class CodecPropertiesTests
{
    private static readonly byte[] Greeting = [0x05, 0x01, 0x00];

    [Fact]
    public void A_wrong_rule_is_a_finding()
    {
        var ex = Assert.Throws<FuzzFindingException>(() => CodecProperties.Check<Socks5Greeting>(
            Greeting, ViolationSet.Of(SocksViolation.GreetingVersionNotFive), [],
            (in Socks5Greeting _) => ViolationSet.Of(SocksViolation.GreetingVersionNotFive)));
        Assert.Contains("violations", ex.Message);
    }

    [Fact]
    public void A_violation_outside_the_allowed_set_is_a_finding()
    {
        var ex = Assert.Throws<FuzzFindingException>(() => CodecProperties.Check<Socks5Greeting>(
            [0x04, 0x01, 0x00], default, [], (in Socks5Greeting _) => ViolationSet.Of(SocksViolation.GreetingVersionNotFive)));
        Assert.Contains("outside", ex.Message);
    }

    [Fact]
    public void An_encoder_that_changes_bytes_is_a_finding()
    {
        var ex = Assert.Throws<FuzzFindingException>(() => CodecProperties.Check<Socks5Greeting>(
            Greeting, default, [], (in Socks5Greeting _) => default,
            (in Socks5Greeting m, ReadOnlySpan<byte> consumed, Span<byte> dst, out int written) =>
            {
                bool ok = Socks5Greeting.TryWrite(m, dst, out written);
                if (ok) dst[^1] ^= 0xFF;
                return ok;
            }));
        Assert.Contains("re-encoding", ex.Message);
    }

    [Fact]
    public void An_undocumented_framing_error_is_a_finding()
    {
        // ATYP 07 frames as Invalid(UnknownAddressType); declaring no framing errors makes that undocumented.
        var ex = Assert.Throws<FuzzFindingException>(() => CodecProperties.Check<Socks5Request>(
            [0x05, 0x01, 0x00, 0x07], default, [], (in Socks5Request _) => default));
        Assert.Contains("Invalid", ex.Message);
    }

    [Fact]
    public void A_correct_reader_passes()
    {
        CodecProperties.Check<Socks5Greeting>(Greeting, default, [], (in Socks5Greeting _) => default);
    }
}
