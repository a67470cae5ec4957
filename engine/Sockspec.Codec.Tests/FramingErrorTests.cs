namespace Sockspec.Codec.Tests;

/// <summary>Input that no appended bytes can turn into a message: unknown ATYP and the chosen USERID/hostname bounds.</summary>
public class FramingErrorTests
{
    private static readonly byte[] UnknownAtyps = [0x00, 0x02, 0x05, 0xFF];

    public static TheoryData<MessageCase, int, byte> UnknownAtypMatrix()
    {
        var data = new TheoryData<MessageCase, int, byte>();
        foreach (byte atyp in UnknownAtyps)
        {
            var address = new SocksAddress(atyp, [127, 0, 0, 1]);
            data.Add(new MessageCase<Socks5Request>($"ATYP {atyp:X2}", new Socks5Request(Socks5Command.Connect, address, 80)), 3, atyp);
            data.Add(new MessageCase<Socks5Reply>($"ATYP {atyp:X2}", new Socks5Reply(Socks5Rep.GeneralFailure, address, 0)), 3, atyp);
            data.Add(new MessageCase<Socks5UdpHeader>($"ATYP {atyp:X2}", new Socks5UdpHeader(address, 53)), 3, atyp);
        }
        return data;
    }

    [Theory, MemberData(nameof(UnknownAtypMatrix))]
    public void An_unknown_ATYP_is_a_framing_error_as_soon_as_the_ATYP_octet_arrives(MessageCase c, int atypOffset, byte atyp)
    {
        byte[] bytes = c.Encode();
        Assert.Equal(atyp, bytes[atypOffset]);
        for (int n = 0; n <= atypOffset; n++)
            Assert.Equal(ReadResult.NeedMoreData, c.Read(bytes.AsSpan(0, n)).Result);
        for (int n = atypOffset + 1; n <= bytes.Length; n++)
            Assert.Equal(ReadResult.Invalid(FramingError.UnknownAddressType), c.Read(bytes.AsSpan(0, n)).Result with { Violations = default });
    }

    [Fact]
    public void A_request_with_an_unknown_ATYP_still_reports_the_rules_its_header_breaks()
    {
        var request = new Socks5Request(Socks5Command.Connect, new SocksAddress(0x09, []), 80) { Rsv = 1 };
        var bytes = new MessageCase<Socks5Request>("", request).Encode();
        var result = Socks5Request.TryRead(bytes, out var read);
        Assert.Equal(ReadStatus.Invalid, result.Status);
        Assert.Equal(0, result.Consumed);
        Assert.Equal(ViolationSet.Of(SocksViolation.RequestReservedNotZero), result.Violations);
        Assert.Equal(0x09, read.DstAddr.Atyp);
    }

    [Fact]
    public void A_USERID_without_NUL_is_too_long_exactly_when_its_256th_byte_arrives()
    {
        byte[] header = new MessageCase<Socks4Request>("", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80)).Encode()[..8];
        byte[] input = [.. header, .. Enumerable.Repeat((byte)'x', 256)];
        for (int userIdBytes = 0; userIdBytes < 256; userIdBytes++)
            Assert.Equal(ReadResult.NeedMoreData, Socks4Request.TryRead(input.AsSpan(0, 8 + userIdBytes), out _));
        Assert.Equal(ReadResult.Invalid(FramingError.UserIdTooLong), Socks4Request.TryRead(input, out _));
    }

    [Fact]
    public void A_USERID_of_255_bytes_and_its_NUL_is_within_the_bound()
    {
        byte[] header = new MessageCase<Socks4Request>("", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80)).Encode()[..8];
        byte[] input = [.. header, .. Enumerable.Repeat((byte)'x', 255), 0];
        var result = Socks4Request.TryRead(input, out var read);
        Assert.Equal(ReadResult.Done(input.Length, default), result);
        Assert.Equal(255, read.UserId.Length);
    }

    [Fact]
    public void A_SOCKS4a_hostname_without_NUL_is_too_long_exactly_when_its_256th_byte_arrives()
    {
        var request = new Socks4Request(Socks4Command.Connect, 1, 80, "id", "");
        byte[] head = new MessageCase<Socks4Request>("", request).Encode()[..^1];
        byte[] input = [.. head, .. Enumerable.Repeat((byte)'h', 256)];
        for (int nameBytes = 0; nameBytes < 256; nameBytes++)
            Assert.Equal(ReadResult.NeedMoreData, Socks4Request.TryRead(input.AsSpan(0, head.Length + nameBytes), out _));
        Assert.Equal(ReadResult.Invalid(FramingError.HostnameTooLong), Socks4Request.TryRead(input, out _));
    }

    [Fact]
    public void A_SOCKS4_request_with_DSTIP_0_0_0_0_is_not_SOCKS4a_and_ends_at_the_USERID_NUL()
    {
        byte[] bytes = new MessageCase<Socks4Request>("", new Socks4Request(Socks4Command.Connect, 0, 80, "u")).Encode();
        byte[] input = [.. bytes, (byte)'h', 0];
        var result = Socks4Request.TryRead(input, out var read);
        Assert.Equal(bytes.Length, result.Consumed);
        Assert.False(read.IsSocks4a);
    }

    [Fact]
    public void A_reply_with_ATYP_00_on_failure_is_unframeable_rather_than_a_short_reply()
    {
        byte[] input = [0x05, 0x01, 0x00, 0x00];
        Assert.Equal(FramingError.UnknownAddressType, Socks5Reply.TryRead(input, out _).Error);
    }

    [Fact]
    public void A_domain_of_255_bytes_is_read_in_full_and_a_length_octet_cannot_declare_more()
    {
        var request = new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain(Samples.Domain255), 80);
        byte[] bytes = new MessageCase<Socks5Request>("", request).Encode();
        Assert.Equal(Socks5Request.MaxLength, bytes.Length);
        Assert.True(Socks5Request.TryRead(bytes, out var read).IsClean);
        Assert.Equal(Samples.Domain255, read.DstAddr.Bytes.ToAscii());
    }
}
