using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

public class VectorFileTests
{
    private static Vector Sample(params Segment[] segments) =>
        new("x/sample", Protocol.Socks5, [new("implementation", "x")], segments);

    [Fact]
    public void A_vector_survives_format_and_parse_with_its_segment_boundaries_and_closes()
    {
        var v = Sample(
            new Segment(Direction.ClientToServer, [5, 1, 0]),
            new Segment(Direction.ServerToClient, [5, 0]),
            new Segment(Direction.ClientToServer, Enumerable.Range(0, 70).Select(i => (byte)i).ToArray()),
            new Segment(Direction.ClientToServer, [1]),
            new Segment(Direction.ServerToClient, []));
        var back = VectorFile.Parse(VectorFile.Format(v));
        Assert.Equal(v.Id, back.Id);
        Assert.Equal(v.Protocol, back.Protocol);
        Assert.Equal(v.Headers, back.Headers);
        Assert.Equal(v.Segments, back.Segments);
    }

    [Fact]
    public void Long_segments_wrap_with_continuation_lines()
    {
        var text = VectorFile.Format(Sample(new Segment(Direction.ClientToServer, new byte[40])));
        Assert.Contains("\n>+ 00 00 00 00 00 00 00 00\n", text);
    }

    [Theory]
    [InlineData("not a vector\n")]
    [InlineData("# sockspec vector 1\nprotocol: socks5\n\n> 05\n")]
    [InlineData("# sockspec vector 1\nid: a/b\nprotocol: socks9\n\n")]
    [InlineData("# sockspec vector 1\nid: a/b\nprotocol: socks5\n\n> 5\n")]
    [InlineData("# sockspec vector 1\nid: a/b\nprotocol: socks5\n\n>+ 05\n")]
    [InlineData("# sockspec vector 1\nid: a/b\nprotocol: socks5\n\n? 05\n")]
    [InlineData("# sockspec vector 1\nid: ../b\nprotocol: socks5\n\n")]
    public void Malformed_files_are_rejected_with_a_format_error(string text) =>
        Assert.ThrowsAny<Exception>(() => VectorFile.Parse(text));

    [Fact]
    public void Annotation_lines_are_ignored_when_reading()
    {
        var text = "# sockspec vector 1\nid: a/b\nprotocol: socks5\n\n> 05 01 00\n# anything at all\n< 05 00\n";
        var v = VectorFile.Parse(text);
        Assert.Equal(2, v.Segments.Count);
    }

    [Fact]
    public void A_split_greeting_and_a_pipelined_handshake_decode_to_the_same_messages()
    {
        byte[] greeting = [5, 1, 0], request = [5, 1, 0, 1, 127, 0, 0, 1, 0, 80];
        var split = DialogDecoder.Decode(Protocol.Socks5,
        [
            new(Direction.ClientToServer, greeting[..1]), new(Direction.ClientToServer, greeting[1..]),
            new(Direction.ServerToClient, [5, 0]), new(Direction.ClientToServer, request),
            new(Direction.ServerToClient, [5, 0, 0, 1, 127, 0, 0, 1, 0, 80]),
        ]);
        var pipelined = DialogDecoder.Decode(Protocol.Socks5,
        [
            new(Direction.ClientToServer, [.. greeting, .. request]),
            new(Direction.ServerToClient, [5, 0, 5, 0, 0, 1, 127, 0, 0, 1, 0, 80]),
        ]);
        Assert.Equal(Annotator.Annotate(split), Annotator.Annotate(pipelined));
        Assert.Equal(4, split.Count(e => e.Kind == EntryKind.Message));
    }

    [Fact]
    public void A_dialog_cut_inside_a_message_is_reported_as_truncated_not_as_a_violation()
    {
        var entries = DialogDecoder.Decode(Protocol.Socks5, [new(Direction.ClientToServer, [5, 2, 0])]);
        var e = Assert.Single(entries);
        Assert.Equal(EntryKind.Truncated, e.Kind);
    }

    [Fact]
    public void A_failed_login_ends_the_dialog_and_later_bytes_are_undecoded()
    {
        var entries = DialogDecoder.Decode(Protocol.Socks5,
        [
            new(Direction.ClientToServer, [5, 1, 2]), new(Direction.ServerToClient, [5, 2]),
            new(Direction.ClientToServer, [1, 1, (byte)'u', 1, (byte)'p']), new(Direction.ServerToClient, [1, 1]),
            new(Direction.ClientToServer, [5, 1, 0, 1, 127, 0, 0, 1, 0, 80]),
        ]);
        Assert.Equal(EntryKind.Undecoded, entries[^1].Kind);
        Assert.Equal(4, entries.Count(e => e.Kind == EntryKind.Message));
    }

    [Fact]
    public void A_GSSAPI_exchange_is_followed_token_by_token_until_an_abort()
    {
        byte[] Token(byte mtyp) => [1, mtyp, 0, 2, 0xAA, 0xBB];
        var entries = DialogDecoder.Decode(Protocol.Socks5,
        [
            new(Direction.ClientToServer, [5, 1, 1]), new(Direction.ServerToClient, [5, 1]),
            new(Direction.ClientToServer, Token(1)), new(Direction.ServerToClient, Token(1)),
            new(Direction.ClientToServer, Token(2)), new(Direction.ServerToClient, [1, 0xFF]),
            new(Direction.ClientToServer, [0xCC]),
        ]);
        Assert.Equal(6, entries.Count(e => e.Kind == EntryKind.Message));
        Assert.Equal(("undecoded (GSS-API abort)", EntryKind.Undecoded), (entries[^1].Name, entries[^1].Kind));
    }
}
