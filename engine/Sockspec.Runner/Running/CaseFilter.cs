using System.Text.RegularExpressions;

namespace Sockspec.Runner.Running;

/// <summary>--cases globs: <c>*</c> matches any run of characters (slashes included), <c>?</c> one character.</summary>
public static class CaseFilter
{
    public static bool Matches(IReadOnlyList<string> globs, string id) =>
        globs.Count == 0 || globs.Any(g => Regex.IsMatch(id, ToRegex(g), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    private static string ToRegex(string glob) =>
        "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
}
