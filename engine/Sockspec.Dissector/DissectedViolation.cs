using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>A rule the message breaks, with the catalogue requirement it comes from.</summary>
public sealed record DissectedViolation(SocksViolation Violation, string RequirementId)
{
    public static DissectedViolation Of(SocksViolation v) => new(v, ViolationRequirements.RequirementOf(v));

    public override string ToString() => $"{Violation} ({RequirementId})";
}
