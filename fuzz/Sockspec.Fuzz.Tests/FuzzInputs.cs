namespace Sockspec.Fuzz.Tests;

/// <summary>The committed fuzz inputs: fuzz/Corpora/TARGET/ (seeds) and fuzz/Regressions/TARGET/ (fixed findings).</summary>
internal static class FuzzInputs
{
    public static string FuzzDirectory { get; } = Find();

    public static IEnumerable<string> Files(string folder) =>
        Directory.Exists(Path.Combine(FuzzDirectory, folder))
            ? Directory.EnumerateFiles(Path.Combine(FuzzDirectory, folder), "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];

    private static string Find() => RepositoryRoot.Combine("fuzz");
}
