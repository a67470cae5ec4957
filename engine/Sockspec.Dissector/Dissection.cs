namespace Sockspec.Dissector;

/// <summary>The messages found in one direction's bytes, in order, and what is left after them.</summary>
public sealed record Dissection(
    DissectRole Role,
    DissectPhase Phase,
    int TotalLength,
    IReadOnlyList<DissectedMessage> Messages,
    DissectedRest? Rest)
{
    /// <summary>Every message frames and breaks no rule, and nothing but payload follows them.</summary>
    public bool IsClean => Messages.All(m => m.IsClean) && (Rest is null || Rest.Kind == RestKind.Data);
}
