namespace Sockspec.Model;

/// <summary>
/// One normative statement of a SOCKS document. <see cref="Id"/> is stable forever (reports, expected-results files and
/// the codec's violation map refer to it); <see cref="Text"/> is our own one-line paraphrase.
/// </summary>
/// <param name="Id">Stable string ID, e.g. "S5-REQ-03".</param>
/// <param name="Document">"RFC 1928", "RFC 1929", "RFC 1961", "SOCKS4" or "SOCKS4a".</param>
/// <param name="Section">Section as the document numbers it, e.g. "§6"; "" for the unnumbered SOCKS4 documents.</param>
/// <param name="Role">Whose behaviour the statement constrains.</param>
public sealed record Requirement(
    string Id, string Document, string Section, RequirementLevel Level, RequirementRole Role, string Text)
{
    /// <summary>How reports show it: "RFC 1928 §6 MUST: the paraphrase".</summary>
    public string Summary => $"{string.Join(' ', new[] { Document, Section, LevelWord(Level) }.Where(p => p.Length > 0))}: {Text}";

    private static string LevelWord(RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "MUST",
        RequirementLevel.Should => "SHOULD",
        RequirementLevel.May => "MAY",
        _ => "specified",
    };
}

public enum RequirementRole
{
    Server,
    Client,
    Both,
}
