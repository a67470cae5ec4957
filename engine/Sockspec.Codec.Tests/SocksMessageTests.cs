using System.Net;

namespace Sockspec.Codec.Tests;

public sealed class SocksMessageTests
{
    [Fact]
    public void ToArray_is_exactly_what_the_writer_writes_wrong_fields_included()
    {
        var request = new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("example.com"), 443) { Rsv = 0xFF };
        Span<byte> written = stackalloc byte[Socks5Request.MaxLength];
        Assert.True(Socks5Request.TryWrite(request, written, out int n));
        Assert.Equal(written[..n].ToArray(), SocksMessage.ToArray(request));
        Assert.Equal(Socks5Request.GetLength(request), SocksMessage.ToArray(request).Length);
        Assert.Equal([0x04, 0x02, 0x00, 0x50, 0x7F, 0x00, 0x00, 0x01, 0x00], SocksMessage.ToArray(new Socks4Request(Socks4Command.Bind, 0x7F000001, 80, "")));
        Assert.Equal([0x00, 0x00, 0x00, 0x04, .. IPAddress.IPv6Loopback.GetAddressBytes(), 0x00, 0x35],
            SocksMessage.ToArray(new Socks5UdpHeader(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), 53)));
    }

    [Fact]
    public void A_gssapi_token_is_padded_or_cut_to_LEN()
    {
        Assert.Equal([0x01, 0x01, 0x00, 0x03, 0xAA, 0x00, 0x00], SocksMessage.ToArray(new GssApiMessage(1, 3), [0xAA]));
        Assert.Equal([0x01, 0x02, 0x00, 0x01, 0xAA], SocksMessage.ToArray(new GssApiMessage(2, 1), [0xAA, 0xBB]));
        Assert.Equal([0x01, 0xFF], SocksMessage.ToArray(new GssApiMessage(GssApiMessage.AbortType, 0), [0xAA]));
    }
}
