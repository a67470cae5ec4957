using Sockspec.ClientSpec.Harness;

namespace Sockspec.Spec;

/// <summary>
/// Every client case, in a stable order (IDs, not positions, identify them). Each sits in the file of the RFC section
/// whose requirement it checks, beside that section's server cases (the <c>Clients</c> classes there); here each gets
/// the requirement catalogue, for its levels and texts.
/// </summary>
public static class ClientCatalog
{
    public static IReadOnlyList<ClientCase> All { get; } =
    [
        .. new[]
        {
            Rfc1928.S3_MethodSelection.Clients.All,
            Rfc1929.S2_Subnegotiation.Clients.All,
            Rfc1928.S4_Requests.Clients.All,
            Rfc1928.S6_Replies.ClientsOfReplyCodes.All,
            Rfc1928.S6_Replies.ClientsOfReplyForms.All,
            Rfc1928.S6_Bind.Clients.All,
            Rfc1928.S7_UdpRelay.Clients.All,
            Socks4.Connect.Clients.All,
            Socks4a.Hostname.Clients.All,
            Robustness.Silence.All,
        }.SelectMany(cases => cases).Select(c => c with { Catalogue = Requirements.Catalogue.Find }),
    ];

    /// <summary>Cases whose ID matches any of the globs (* and ?); all when none is given.</summary>
    public static IReadOnlyList<ClientCase> Select(IReadOnlyList<string> globs) =>
        globs.Count == 0 ? All : All.Where(c => globs.Any(g => Glob.Matches(g, c.Id))).ToList();
}
