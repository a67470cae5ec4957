using System.Net;

namespace Sockspec.Dissector.Tests;

/// <summary>The 22-octet ATYP 04 UDP header (RFC 1928 §7) dissected from raw octets, not from the codec's own writer.</summary>
public class Ipv6DatagramTests
{
    // RSV 0000, FRAG 00, ATYP 04, 2001:db8::1 (16 octets), port 0x1F90 = 8080 in network order, then "hi".
    private static readonly byte[] Datagram =
    [
        0x00, 0x00, 0x00, 0x04,
        0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
        0x1F, 0x90,
        (byte)'h', (byte)'i',
    ];

    [Fact]
    public void An_atyp_04_header_is_22_octets_with_a_16_octet_address_and_the_port_in_network_order()
    {
        var d = Dissector.Dissect(Datagram, DissectRole.Client, DissectPhase.Udp);
        var header = Assert.Single(d.Messages);
        Assert.True(header.IsClean);
        Assert.Equal(22, header.Length);
        Assert.Equal(
            [("RSV", 0, 2), ("FRAG", 2, 1), ("ATYP", 3, 1), ("DST.ADDR", 4, 16), ("DST.PORT", 20, 2)],
            header.Fields.Select(f => (f.Name, f.Offset, f.Length)));
        Assert.Equal(IPAddress.Parse("2001:db8::1").ToString(), header.Fields.Single(f => f.Name == "DST.ADDR").Value);
        Assert.Equal("8080", header.Fields.Single(f => f.Name == "DST.PORT").Value);
        Assert.Equal(new DissectedRest(RestKind.Data, 22, 2, "DATA, the datagram's payload"), d.Rest);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(19)]
    [InlineData(21)]
    public void An_atyp_04_header_cut_short_is_incomplete_and_never_read_as_a_shorter_address(int length)
    {
        var d = Dissector.Dissect(Datagram.AsSpan(0, length).ToArray(), DissectRole.Client, DissectPhase.Udp);
        Assert.Empty(d.Messages);
        Assert.Equal(RestKind.Incomplete, d.Rest?.Kind);
        Assert.Equal(0, d.Rest?.Offset);
        Assert.Equal(length, d.Rest?.Length);
    }
}
