using System.Text;
using System.Xml;

namespace Sockspec.Reports;

/// <summary>
/// Makes text that may come from a target (verdict details, notes, logs) safe for a serializer: lone surrogates would make
/// JSON writers throw, and XML 1.0 cannot carry most control characters at all.
/// </summary>
internal static class SafeText
{
    /// <summary>Replaces each lone surrogate with U+FFFD.</summary>
    public static string ForJson(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
            if (pair)
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }
            bool bad = char.IsSurrogate(c);
            if (bad && sb is null) sb = new StringBuilder(s.Length).Append(s, 0, i);
            sb?.Append(bad ? '\uFFFD' : c);
        }
        return sb?.ToString() ?? s;
    }

    /// <summary>
    /// Keeps only characters XML 1.0 allows; anything else (NUL, ESC, lone surrogates, U+FFFE) becomes a visible
    /// "\xNN" / "\uNNNN" so that the reader still sees that something was there.
    /// </summary>
    public static string ForXml(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
            }
            else if (!char.IsSurrogate(c) && XmlConvert.IsXmlChar(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
        }
        return sb.ToString();
    }

    /// <summary>The first line of <paramref name="s"/>, cut to <paramref name="max"/> characters (for one-line attributes).</summary>
    public static string FirstLine(string? s, int max)
    {
        if (string.IsNullOrEmpty(s)) return "";
        int nl = s.AsSpan().IndexOfAny('\r', '\n');
        var line = nl >= 0 ? s[..nl] : s;
        if (line.Length <= max) return line;
        int cut = max - 1;
        if (cut > 0 && char.IsHighSurrogate(line[cut - 1])) cut--;
        return line[..cut] + "…";
    }
}
