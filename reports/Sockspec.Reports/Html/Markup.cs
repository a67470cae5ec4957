using System.Text.Encodings.Web;
using System.Text.Unicode;
using Sockspec.Model;

namespace Sockspec.Reports.Html;

/// <summary>
/// The only way text reaches the HTML: <see cref="E"/> encodes for element content and quoted attributes alike, so a
/// target's bytes, notes and names can never open a tag or an attribute.
/// </summary>
internal static class Markup
{
    // All of Unicode passes through as itself ("§", "→"); the encoder still escapes < > & " ' and control characters.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? s) => string.IsNullOrEmpty(s) ? "" : Encoder.Encode(SafeText.ForJson(s));

    public static string VerdictClass(Verdict v) => "v-" + v.ToWire();

    public static string VerdictBadge(Verdict v) => $"<span class=\"badge {VerdictClass(v)}\">{E(v.ToWire())}</span>";

    /// <summary>
    /// A whole page. The policy forbids every script, plugin and remote load as a second wall behind the escaping (the
    /// browser test checks the escaping itself by reading hostile text back as literal text).
    /// </summary>
    public static string Page(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        $"<title>{E(title)}</title>\n<style>\n{ReportStyle.Css}\n</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n";
}
