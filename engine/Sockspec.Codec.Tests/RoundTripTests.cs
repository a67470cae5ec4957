namespace Sockspec.Codec.Tests;

public class RoundTripTests
{
    public static TheoryData<MessageCase> Messages => Samples.Theory();

    [Theory, MemberData(nameof(Messages))]
    public void Decoding_an_encoded_message_gives_back_the_same_message(MessageCase c)
    {
        byte[] bytes = c.Encode();
        var (result, message) = c.Read(bytes);
        Assert.Equal(ReadStatus.Done, result.Status);
        Assert.Equal(c.Value, message);
    }

    [Theory, MemberData(nameof(Messages))]
    public void GetLength_is_exactly_what_the_writer_writes_and_the_reader_consumes(MessageCase c)
    {
        var buffer = new byte[c.GetLength() + 32];
        Assert.True(c.TryWrite(buffer, out int written));
        Assert.Equal(c.GetLength(), written);
        Assert.Equal(written, c.Read(buffer.AsSpan(0, written)).Result.Consumed);
    }

    [Theory, MemberData(nameof(Messages))]
    public void A_well_formed_message_breaks_no_rule(MessageCase c)
    {
        var (result, _) = c.Read(c.Encode());
        Assert.True(result.IsClean, $"{c} gave {result.Violations}");
    }
}
