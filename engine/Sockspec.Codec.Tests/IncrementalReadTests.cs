namespace Sockspec.Codec.Tests;

/// <summary>Reads from split input: every prefix, every split into two and three segments, trailing bytes.</summary>
public class IncrementalReadTests
{
    public static TheoryData<MessageCase> Messages => Samples.Theory();

    [Theory, MemberData(nameof(Messages))]
    public void Every_strict_prefix_of_a_message_needs_more_data_and_consumes_nothing(MessageCase c)
    {
        byte[] bytes = c.Encode();
        for (int n = 0; n < bytes.Length; n++)
        {
            var (result, _) = c.Read(bytes.AsSpan(0, n));
            Assert.True(result == ReadResult.NeedMoreData, $"prefix of {n}/{bytes.Length} bytes gave {result}");
        }
    }

    [Theory, MemberData(nameof(Messages))]
    public void A_whole_message_followed_by_other_bytes_consumes_exactly_the_message(MessageCase c)
    {
        byte[] bytes = c.Encode();
        byte[] withTrailer = [.. bytes, 0x05, 0x01, 0x00];
        var (alone, message) = c.Read(bytes);
        var (followed, messageFollowed) = c.Read(withTrailer);
        Assert.Equal(ReadStatus.Done, alone.Status);
        Assert.Equal(bytes.Length, alone.Consumed);
        Assert.Equal(alone, followed);
        Assert.Equal(message, messageFollowed);
    }

    [Theory, MemberData(nameof(Messages))]
    public void Every_split_into_two_segments_fed_incrementally_reads_like_one_piece(MessageCase c)
    {
        byte[] input = [.. c.Encode(), 0xAA];
        var expected = c.Read(input);
        for (int cut = 1; cut < input.Length; cut++)
            AssertFeedsLikeOnePiece(c, input, expected, [cut, input.Length]);
    }

    [Theory, MemberData(nameof(Messages))]
    public void Every_split_into_three_segments_fed_incrementally_reads_like_one_piece(MessageCase c)
    {
        byte[] input = [.. c.Encode(), 0xAA];
        var expected = c.Read(input);
        for (int first = 1; first < input.Length - 1; first++)
            for (int second = first + 1; second < input.Length; second++)
                AssertFeedsLikeOnePiece(c, input, expected, [first, second, input.Length]);
    }

    /// <summary>
    /// Appends segment after segment to a receive buffer, reading after each, as a connection would; the first Done must
    /// equal the one-piece read, and every read before it must be NeedMoreData.
    /// </summary>
    private static void AssertFeedsLikeOnePiece(MessageCase c, byte[] input, (ReadResult, object) expected, int[] ends)
    {
        var received = new byte[input.Length];
        int filled = 0;
        foreach (int end in ends)
        {
            input.AsSpan(filled, end - filled).CopyTo(received.AsSpan(filled));
            filled = end;
            var (result, message) = c.Read(received.AsSpan(0, filled));
            if (result.Status == ReadStatus.NeedMoreData)
            {
                if (result != ReadResult.NeedMoreData) Assert.Fail($"NeedMoreData consumed bytes: {result}");
                continue;
            }
            if (result != expected.Item1 || !message.Equals(expected.Item2))
                Assert.Fail($"segments ending at [{string.Join(", ", ends)}] gave {result} {message}, one piece {expected.Item1} {expected.Item2}");
            return;
        }
        Assert.Fail($"segments ending at [{string.Join(", ", ends)}] never completed");
    }
}
