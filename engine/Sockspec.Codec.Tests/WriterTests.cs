namespace Sockspec.Codec.Tests;

public class WriterTests
{
    public static TheoryData<MessageCase> Messages => Samples.Theory();

    [Theory, MemberData(nameof(Messages))]
    public void Writing_into_a_span_one_byte_too_short_or_shorter_returns_false_and_writes_nothing(MessageCase c)
    {
        int length = c.GetLength();
        for (int size = 0; size < length; size++)
        {
            var buffer = new byte[size];
            Array.Fill(buffer, (byte)0xEE);
            Assert.False(c.TryWrite(buffer, out int written), $"a {size}-byte span accepted a {length}-byte message");
            Assert.Equal(0, written);
            Assert.All(buffer, b => Assert.Equal(0xEE, b));
        }
    }

    [Fact]
    public void The_writer_sends_a_lying_NMETHODS_as_given_and_the_reader_then_waits_for_the_missing_methods()
    {
        var greeting = new Socks5Greeting(0x00) { NMethods = 3 };
        var bytes = new MessageCase<Socks5Greeting>("lying", greeting).Encode();
        Assert.Equal(new byte[] { 0x05, 0x03, 0x00 }, bytes);
        Assert.Equal(ReadResult.NeedMoreData, Socks5Greeting.TryRead(bytes, out _));
    }

    [Fact]
    public void The_writer_sends_a_lying_ULEN_as_given_so_the_reader_frames_the_fields_differently()
    {
        var request = new UsernamePasswordRequest("ab", "cd") { ULen = 1 };
        var bytes = new MessageCase<UsernamePasswordRequest>("lying", request).Encode();
        Assert.Equal(new byte[] { 0x01, 0x01, (byte)'a', (byte)'b', 0x02, (byte)'c', (byte)'d' }, bytes);
        // ULEN 1 takes "a"; PLEN is then 'b' (0x62), far more than the 3 bytes left.
        Assert.Equal(ReadResult.NeedMoreData, UsernamePasswordRequest.TryRead(bytes, out _));
    }

    [Fact]
    public void The_writer_sends_wrong_VER_and_RSV_values_exactly_as_given()
    {
        var request = new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("a"), 80) { Ver = 6, Rsv = 1 };
        var bytes = new MessageCase<Socks5Request>("wrong", request).Encode();
        Assert.Equal(new byte[] { 0x06, 0x01, 0x01, 0x03, 0x01, (byte)'a', 0x00, 0x50 }, bytes);
    }

    [Fact]
    public void The_writer_sends_an_unassigned_ATYP_with_the_octets_it_is_given()
    {
        var reply = new Socks5Reply(Socks5Rep.Succeeded, new SocksAddress(0x05, [1, 2]), 1);
        var bytes = new MessageCase<Socks5Reply>("atyp 5", reply).Encode();
        Assert.Equal(new byte[] { 0x05, 0x00, 0x00, 0x05, 0x01, 0x02, 0x00, 0x01 }, bytes);
    }

    [Fact]
    public void A_greeting_made_with_no_arguments_is_VER_5_with_no_methods_not_an_all_zero_struct()
    {
        var greeting = new Socks5Greeting();
        Assert.Equal(new byte[] { 0x05, 0x00 }, new MessageCase<Socks5Greeting>("empty", greeting).Encode());
    }

    [Fact]
    public void A_non_ASCII_domain_keeps_its_UTF8_octets_rather_than_question_marks()
    {
        Assert.Equal("62C3BC", SocksAddress.FromDomain("b\u00FC").Bytes.ToString());
    }
}
