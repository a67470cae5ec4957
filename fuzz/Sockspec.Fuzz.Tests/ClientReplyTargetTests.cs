using Sockspec.Codec;
using Sockspec.Fuzz.Proxy;

namespace Sockspec.Fuzz.Tests;

/// <summary>The in-memory proxy of the client-reply target, and that the target's oracle can fail.</summary>
public class ClientReplyTargetTests
{
    [Fact]
    public void A_read_never_crosses_a_segment_boundary_and_the_stream_ends_after_the_script()
    {
        var stream = new ScriptedProxyStream([new byte[] { 1, 2, 3 }, ReadOnlyMemory<byte>.Empty, new byte[] { 4 }]);
        var buf = new byte[10];
        Assert.Equal(2, stream.Read(buf, 0, 2));
        Assert.Equal(1, stream.Read(buf, 0, 10)); // the rest of the first segment only
        Assert.Equal(3, buf[0]);
        Assert.Equal(1, stream.Read(buf, 0, 10)); // the empty segment is skipped, not an end of stream
        Assert.Equal(4, buf[0]);
        Assert.Equal(0, stream.Read(buf, 0, 10));
        Assert.Equal(4, stream.BytesRead);
        stream.Write([5, 1, 0]);
        Assert.Equal(3, stream.BytesWritten);
    }

    [Fact]
    public void Every_split_of_a_granting_handshake_passes_and_the_client_reads_exactly_to_its_end()
    {
        var target = new ClientReplyTarget();
        var answer = Seed.Concat(Seed.Of(new Socks5MethodSelection(0x00)),
            Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.Parse("127.0.0.1"), 1080)));
        // Bytes after the reply are the relay's, and must stay unread: the target checks the client's read count.
        var withData = Seed.Concat(answer, "GET"u8.ToArray());
        for (int seed = 0; seed < 256; seed++) target.Run(Seed.Concat([0, (byte)seed], withData));
    }

    [Fact]
    public void GrantingLength_is_null_for_a_refusal_and_ends_at_the_reply_for_a_grant()
    {
        // GrantingLength is what a client's success is held against: a refusal must never count as a grant.
        var refused = Seed.Concat(Seed.Of(new Socks5MethodSelection(0x00)),
            Seed.Of(new Socks5Reply(Socks5Rep.ConnectionRefused, SocksAddress.IPv4Any, 0)));
        var target = new ClientReplyTarget();
        target.Run(Seed.Concat([0, 0], refused)); // the client throws SocksProtocolException: documented, passes
        Assert.Null(ClientReplyTarget.GrantingLength(0, refused));
        Assert.Equal(12, ClientReplyTarget.GrantingLength(0, Seed.Concat(Seed.Of(new Socks5MethodSelection(0x00)),
            Seed.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.IPv4Any, 0)), [0xAA])));
    }
}
