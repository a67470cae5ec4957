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

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return Path.Combine(dir.FullName, "fuzz");
        }
        throw new DirectoryNotFoundException("no Conformance.sln above " + AppContext.BaseDirectory);
    }
}
