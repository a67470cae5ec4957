using Sockspec.Codec;
using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>Every committed vector is what the code makes of its bytes today, and its messages survive the writer.</summary>
public class CommittedVectorTests
{
    public static TheoryData<string> All => VectorSet.AllRows();

    [Theory]
    [MemberData(nameof(All))]
    public void Each_vector_file_is_exactly_what_the_code_generates_from_its_bytes(string file)
    {
        string text = VectorSet.Text(file).ReplaceLineEndings("\n");
        string regenerated = VectorFile.Format(VectorFile.Parse(text));
        // On failure: run `sockspec-vectors regenerate vectors` and review the diff (never edit a decode by hand).
        Assert.Equal(regenerated, text);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Each_vector_id_matches_its_path(string file)
    {
        var v = VectorSet.Load(file);
        string expected = file[(file.IndexOf('/') + 1)..^VectorFile.Extension.Length];
        Assert.Equal(expected, v.Id);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Re_encoding_each_decoded_message_reproduces_its_bytes(string file)
    {
        var v = VectorSet.Load(file);
        var entries = DialogDecoder.Decode(v);
        var messages = entries.Where(e => e.Kind == EntryKind.Message).ToList();
        // Only a vector whose first message cannot be framed has nothing to re-encode.
        Assert.True(messages.Count > 0 || entries.Any(e => e.Kind == EntryKind.FramingError), "no message decoded");
        foreach (var e in messages)
        {
            var original = v.Protocol == Protocol.Socks5Udp
                ? v.Stream(e.Direction).AsSpan(e.Offset, e.Length).ToArray()
                : v.Stream(e.Direction)[e.Offset..(e.Offset + e.Length)];
            Assert.NotNull(e.Reencoded);
            Assert.Equal(Convert.ToHexString(original), Convert.ToHexString(e.Reencoded!));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Every_resegmentation_of_a_vector_decodes_the_same(string file)
    {
        var v = VectorSet.Load(file);
        if (v.Protocol == Protocol.Socks5Udp) return; // a datagram is never split or joined: its boundary is its meaning
        var expected = Annotator.Annotate(DialogDecoder.Decode(v)).ToList();
        foreach (var segments in Resegment.All(v.Segments, seeds: 24))
            Assert.Equal(expected, Annotator.Annotate(DialogDecoder.Decode(v.Protocol, segments)).ToList());
    }
}
