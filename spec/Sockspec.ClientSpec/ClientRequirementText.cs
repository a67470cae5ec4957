using Sockspec.Model;

namespace Sockspec.ClientSpec;

/// <summary>
/// Requirement lookup for the client cases. Every client requirement (C5-*, C4-*, C4A-*) lives in the catalogue
/// (spec/Sockspec.Spec/Requirements); the four this suite first defined locally (C5-METHOD-03, C5-AUTH-03, C5-REP-07,
/// C4-REP-04) were moved there.
/// </summary>
public static class ClientRequirementText
{
    public static Requirement? Find(string id) => Sockspec.Spec.Requirements.Catalogue.Find(id);

    public static string? Of(string id) => Sockspec.Spec.Requirements.Catalogue.TextOf(id);
}
