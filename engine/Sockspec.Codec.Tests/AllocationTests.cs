namespace Sockspec.Codec.Tests;

/// <summary>The read and write paths allocate nothing. Timing is for the benchmark project, not for tests.</summary>
public class AllocationTests
{
    public static TheoryData<MessageCase> Messages => Samples.Theory();

    [Theory, MemberData(nameof(Messages))]
    public void Reading_and_writing_a_message_a_thousand_times_allocates_zero_bytes(MessageCase c)
    {
        Assert.Equal(0, c.AllocatedBytesOverReadWriteLoop(1000));
    }
}
