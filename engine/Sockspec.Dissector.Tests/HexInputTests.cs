namespace Sockspec.Dissector.Tests;

public class HexInputTests
{
    [Theory]
    [InlineData("050100", new byte[] { 5, 1, 0 })]
    [InlineData(" 05 01\n00\t", new byte[] { 5, 1, 0 })]
    [InlineData("05:01:00", new byte[] { 5, 1, 0 })]
    [InlineData("0a0B", new byte[] { 0x0A, 0x0B })]
    [InlineData("", new byte[0])]
    public void Hex_is_read_ignoring_whitespace_and_colons_in_either_case(string text, byte[] expected)
    {
        Assert.True(HexInput.TryParse(text, out var bytes, out var error), error);
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("050", "odd number of hex digits (3): every byte needs two")]
    [InlineData("05 0g", "not a hex digit at character 5: 'g'")]
    [InlineData("0x05", "not a hex digit at character 2: 'x'")]
    public void Bad_hex_is_rejected_with_a_message_that_says_where(string text, string message)
    {
        Assert.False(HexInput.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }
}
