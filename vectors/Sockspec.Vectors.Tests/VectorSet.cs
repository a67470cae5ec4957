using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

/// <summary>The committed vectors, found from the test's directory upwards (the repository's vectors/ folder).</summary>
public static class VectorSet
{
    public static readonly string Root = FindRoot();

    public static string RecordedDir => Path.Combine(Root, "recorded");

    public static string InvalidDir => Path.Combine(Root, "invalid");

    public static IEnumerable<string> RecordedFiles => VectorFile.FilesUnder(RecordedDir);

    public static IEnumerable<string> InvalidFiles => VectorFile.FilesUnder(InvalidDir);

    public static IEnumerable<string> AllFiles => RecordedFiles.Concat(InvalidFiles);

    /// <summary>Theory data: one row per file, as its path relative to vectors/ so that test names read well.</summary>
    public static TheoryData<string> Rows(IEnumerable<string> files)
    {
        var data = new TheoryData<string>();
        foreach (var f in files) data.Add(Path.GetRelativePath(Root, f).Replace('\\', '/'));
        return data;
    }

    public static TheoryData<string> AllRows() => Rows(AllFiles);

    public static TheoryData<string> RecordedRows() => Rows(RecordedFiles);

    public static TheoryData<string> InvalidRows() => Rows(InvalidFiles);

    public static string Text(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public static Vector Load(string relative) => VectorFile.Parse(Text(relative));

    /// <summary>The implementation a recorded vector came from: its first path component under recorded/.</summary>
    public static string Implementation(string relative) => relative.Split('/')[1];

    private static string FindRoot() => RepositoryRoot.Combine("vectors");
}
