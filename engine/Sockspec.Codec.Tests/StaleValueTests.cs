namespace Sockspec.Codec.Tests;

/// <summary>
/// Readers do not zero a message's inline buffers; these check that a read into a variable that held a longer message
/// leaves nothing of the old one behind, whatever the outcome.
/// </summary>
public class StaleValueTests
{
    private static byte[] Encode<T>(T m) where T : struct, ISocksMessage<T> => new MessageCase<T>("", m).Encode();

    [Fact]
    public void A_short_request_read_over_a_long_one_equals_the_same_request_read_fresh()
    {
        var longOne = Encode(new Socks5Request(Socks5Command.Bind, SocksAddress.FromDomain(Samples.Domain255), 1));
        var shortOne = Encode(new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("a"), 2));
        Socks5Request.TryRead(longOne, out var reused);
        Socks5Request.TryRead(shortOne, out reused);
        Socks5Request.TryRead(shortOne, out var fresh);
        Assert.Equal(fresh, reused);
        Assert.Equal(fresh.GetHashCode(), reused.GetHashCode());
    }

    [Fact]
    public void A_read_that_needs_more_data_leaves_only_the_fields_it_read()
    {
        var longOne = Encode(new Socks5UdpHeader(SocksAddress.FromDomain(Samples.Domain255), 9, 3));
        Socks5UdpHeader.TryRead(longOne, out var reused);
        Assert.Equal(ReadResult.NeedMoreData, Socks5UdpHeader.TryRead(longOne.AsSpan(0, 1), out reused));
        Assert.Equal(default, reused);
    }

    [Fact]
    public void A_SOCKS4_request_read_over_a_SOCKS4a_one_has_no_hostname_left()
    {
        var socks4a = Encode(new Socks4Request(Socks4Command.Connect, 1, 80, new string('u', 255), Samples.Domain255));
        var socks4 = Encode(new Socks4Request(Socks4Command.Connect, 0x7F000001, 80, "u"));
        Socks4Request.TryRead(socks4a, out var reused);
        Socks4Request.TryRead(socks4, out reused);
        Assert.True(reused.Hostname.IsEmpty);
        Assert.Equal(new Socks4Request(Socks4Command.Connect, 0x7F000001, 80, "u"), reused);
    }

    [Fact]
    public void A_greeting_and_a_login_read_over_longer_ones_equal_fresh_reads()
    {
        Socks5Greeting.TryRead(Encode(new Socks5Greeting(Enumerable.Range(0, 255).Select(i => (byte)i).ToArray())), out var greeting);
        Socks5Greeting.TryRead(Encode(new Socks5Greeting(0x02)), out greeting);
        Assert.Equal(new Socks5Greeting(0x02), greeting);
        UsernamePasswordRequest.TryRead(Encode(new UsernamePasswordRequest(new string('u', 255), new string('p', 255))), out var login);
        UsernamePasswordRequest.TryRead(Encode(new UsernamePasswordRequest("a", "b")), out login);
        Assert.Equal(new UsernamePasswordRequest("a", "b"), login);
    }
}
