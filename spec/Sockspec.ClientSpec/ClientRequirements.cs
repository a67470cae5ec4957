using Sockspec.Runner.Model;
using static Sockspec.Runner.Model.RequirementLevel;
using static Sockspec.Runner.Model.RequirementRole;

namespace Sockspec.ClientSpec;

/// <summary>
/// Client-side requirements the cases need that the catalogue (spec/Sockspec.Spec/Requirements) does not hold yet;
/// same record, same ID scheme. To be moved into the catalogue by its owner.
/// </summary>
public static class ClientRequirements
{
    public static IReadOnlyList<Requirement> All { get; } =
    [
        new("C5-METHOD-03", "RFC 1928", "§3", Should, Client,
            "(derived) The client refuses a METHOD selection whose VER is not X'05' instead of continuing the dialog."),
        new("C5-AUTH-03", "RFC 1929", "§2", May, Client,
            "(derived) RFC 1929 never fixes the response's VER: a client may accept X'01' only or any value, but must not misread it."),
        new("C5-REP-07", "RFC 1928", "§6", May, Client,
            "(derived) RSV is fixed for the server (S5-REP-05); a client may reject a reply with RSV != X'00' or ignore RSV."),
        new("C4-REP-04", "SOCKS4", "§1", Should, Client,
            "(derived) The client does not hang on a truncated reply or a silent server: it gives up within a bounded time."),
    ];
}

/// <summary>Requirement lookup across the catalogue and <see cref="ClientRequirements"/>, for reports and tests.</summary>
public static class ClientRequirementText
{
    public static Requirement? Find(string id) =>
        Sockspec.Spec.Requirements.Catalogue.Find(id) ?? ClientRequirements.All.FirstOrDefault(r => r.Id == id);

    public static string? Of(string id) =>
        Sockspec.Spec.Requirements.Catalogue.TextOf(id)
        ?? (Find(id) is { } r ? $"{r.Document} {r.Section} {r.Level}: {r.Text}" : null);
}
