namespace Sockspec.Reports;

/// <summary>Opens a report file for writing, creating its folder first (reports often go to a fresh out/ path).</summary>
internal static class ReportFile
{
    public static FileStream Create(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return File.Create(path);
    }
}
