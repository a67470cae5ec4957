namespace Sockspec.TestSupport;

/// <summary>
/// The checkout a test runs from (the folder holding Conformance.sln above the test's output folder), for tests that
/// read committed files or run the checkout's scripts. Compiled into every test project by Directory.Build.props, so
/// that the lookup exists once.
/// </summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    /// <summary>A path inside the checkout, e.g. <c>RepositoryRoot.Combine("spec", "GRADING.md")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("no Conformance.sln above " + AppContext.BaseDirectory + ": the tests run from a checkout");
    }
}
