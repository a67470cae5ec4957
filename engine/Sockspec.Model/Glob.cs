using System.Text.RegularExpressions;

namespace Sockspec.Model;

/// <summary>The globs of --cases and of the matrix notes: <c>*</c> matches any run of characters (slashes included), <c>?</c> one.</summary>
public static class Glob
{
    public static bool Matches(string glob, string text) =>
        Regex.IsMatch(text, ToRegex(glob), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static string ToRegex(string glob) =>
        "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
}
