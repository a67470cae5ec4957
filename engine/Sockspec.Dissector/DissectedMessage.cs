using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>
/// One message found in the input. A message with a <see cref="FramingError"/> covers only the fields read before the
/// error; the bytes after it are the dissection's undecodable rest.
/// </summary>
public sealed record DissectedMessage(
    string Name,
    DissectPhase Phase,
    int Offset,
    int Length,
    IReadOnlyList<DissectedField> Fields,
    IReadOnlyList<DissectedViolation> Violations,
    FramingError FramingError)
{
    public bool IsClean => FramingError == FramingError.None && Violations.Count == 0;
}
