using Sockspec.ClientSpec.Cases.Rfc1928;
using Sockspec.ClientSpec.Cases.Rfc1929;
using Sockspec.ClientSpec.Harness;

namespace Sockspec.ClientSpec;

/// <summary>Every client case, in a stable order (IDs, not positions, identify them).</summary>
public static class ClientCatalog
{
    public static IReadOnlyList<ClientCase> All { get; } =
    [
        .. S3_MethodSelection.All,
        .. S2_UsernamePassword.All,
        .. S4_Requests.All,
        .. S6_ReplyCodes.All,
        .. S6_ReplyForms.All,
        .. S6_Bind.All,
        .. S7_UdpRelay.All,
        .. Cases.Socks4.Connect.All,
        .. Cases.Socks4a.Hostname.All,
        .. Cases.Robustness.Silence.All,
    ];

    /// <summary>Cases whose ID matches any of the globs (* and ?); all when none is given.</summary>
    public static IReadOnlyList<ClientCase> Select(IReadOnlyList<string> globs) =>
        globs.Count == 0 ? All : All.Where(c => globs.Any(g => Sockspec.Model.Glob.Matches(g, c.Id))).ToList();
}
