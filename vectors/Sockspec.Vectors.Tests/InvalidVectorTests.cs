using Sockspec.Codec;
using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>The invalid vectors: each raises exactly its violation, all are regenerable, and together they cover the codec.</summary>
public class InvalidVectorTests
{
    public static TheoryData<string> Invalid => VectorSet.InvalidRows();

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_vector_raises_exactly_its_expected_violation(string file)
    {
        var v = VectorSet.Load(file);
        Assert.True(Expectation.TryParse(v.Header(Vector.ExpectKey), out var expect), $"bad expect header '{v.Header(Vector.ExpectKey)}'");
        var (violations, framing) = Expectation.Raised(DialogDecoder.Decode(v));
        if (expect.Violation is { } want)
        {
            Assert.Equal([want], violations);
            Assert.Empty(framing);
        }
        else
        {
            Assert.Equal([expect.Framing], framing);
            Assert.Empty(violations);
        }
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_vector_comes_from_a_committed_recorded_vector(string file)
    {
        var v = VectorSet.Load(file);
        string? source = v.Header("derived-from");
        Assert.NotNull(source);
        Assert.True(File.Exists(Path.Combine(VectorSet.RecordedDir, source + VectorFile.Extension)), $"{source} is not a recorded vector");
    }

    [Fact]
    public void Every_violation_and_every_framing_error_has_an_invalid_vector()
    {
        var covered = VectorSet.InvalidFiles.Select(f => Expectation.TryParse(VectorFile.Load(f).Header(Vector.ExpectKey), out var e) ? e : default).ToList();
        var missingViolations = Enum.GetValues<SocksViolation>().Where(v => !covered.Any(c => c.Violation == v)).ToList();
        var missingFraming = Enum.GetValues<FramingError>().Where(f => f != FramingError.None && !covered.Any(c => c.Framing == f)).ToList();
        Assert.Empty(missingViolations);
        Assert.Empty(missingFraming);
    }

    [Fact]
    public void The_committed_invalid_vectors_are_what_the_generator_makes_of_the_committed_recorded_set()
    {
        var recorded = VectorSet.RecordedFiles.Select(VectorFile.Load).ToList();
        var generated = InvalidVectors.Generate(recorded).ToDictionary(v => v.Id, VectorFile.Format);
        var committed = VectorSet.InvalidFiles.Select(f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            .ToDictionary(t => VectorFile.Parse(t).Id);
        // On failure: `sockspec-vectors generate-invalid vectors/recorded vectors/invalid`.
        Assert.Equal(generated.Keys.Order(), committed.Keys.Order());
        foreach (var (id, text) in generated) Assert.Equal(text, committed[id]);
    }
}
