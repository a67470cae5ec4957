using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sockspec.Runner.Running;

/// <summary>
/// The installed version of a Debian package, for the matrices' "what" column: a published verdict is only worth as
/// much as the statement of which build earned it. A machine without dpkg, or without the package, says "unknown".
/// </summary>
public static class PackageVersion
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The target's description with {version} filled in; its name when the roster describes it not.</summary>
    public static string Describe(TargetSpec spec) =>
        spec.Describe is not { } text ? spec.Name
        : spec.Package is not { } package ? text
        : text.Replace("{version}", Of(package), StringComparison.Ordinal);

    public static string Of(string package) => Cache.GetOrAdd(package, Query);

    private static string Query(string package)
    {
        try
        {
            var psi = new ProcessStartInfo("dpkg-query") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-W", "-f=${Version}", package }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            // Bounded: a version is a few dozen bytes, and dpkg answers in milliseconds unless something is badly wrong.
            var read = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(5000)) { p.Kill(); return "unknown"; }
            var version = read.Result.Trim();
            return p.ExitCode == 0 && version.Length is > 0 and < 100 ? version : "unknown";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return "unknown";
        }
    }
}
