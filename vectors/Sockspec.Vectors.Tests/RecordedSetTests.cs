using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>What the recorded set must hold: enough dialogs from enough real implementations, each with its provenance.</summary>
public class RecordedSetTests
{
    public static TheoryData<string> Recorded => VectorSet.RecordedRows();

    [Fact]
    public void The_recorded_set_holds_at_least_100_vectors_from_at_least_5_implementations()
    {
        var files = VectorSet.RecordedFiles.Select(f => Path.GetRelativePath(VectorSet.Root, f).Replace('\\', '/')).ToList();
        Assert.True(files.Count >= 100, $"{files.Count} recorded vectors");
        var implementations = files.Select(VectorSet.Implementation).Distinct().ToList();
        Assert.True(implementations.Count >= 5, string.Join(", ", implementations));
    }

    [Theory]
    [MemberData(nameof(Recorded))]
    public void Each_recorded_vector_says_where_it_came_from(string file)
    {
        var v = VectorSet.Load(file);
        foreach (var key in new[] { "implementation", "implementation-version", "client", "client-version", "roles", "destination", "command", "date" })
            Assert.False(string.IsNullOrWhiteSpace(v.Header(key)), $"{file} lacks '{key}'");
        Assert.Equal(VectorSet.Implementation(file), v.Header("implementation"));
    }
}
