using Sockspec.Spec.Deviations;
using Sockspec.Spec.Rfc1928;
using Sockspec.Spec.Rfc1929;
using Sockspec.Spec.Robustness;
using Sockspec.Spec.Socks4;
using Sockspec.Spec.Socks4a;

namespace Sockspec.Spec;

/// <summary>The whole server suite: the sections' cases in document order. A parent only composes its children.</summary>
public static class Suite
{
    private static readonly Lazy<IReadOnlyList<SocksCase>> Cases = new(() =>
    [
        .. S3_MethodSelection.Cases(),
        .. S2_Subnegotiation.Cases(),
        .. S4_Requests.Cases(),
        .. S5_Addressing.Cases(),
        .. S6_Replies.Cases(),
        .. S6_Bind.Cases(),
        .. S6_UdpAssociate.Cases(),
        .. S6_Ipv6.Cases(),
        .. S7_UdpRelay.Cases(),
        .. S7_UdpRelayIpv6.Cases(),
        .. Connect.Cases(),
        .. Bind.Cases(),
        .. Hostname.Cases(),
        .. Framing.Cases(),
        .. MethodNegotiation.Cases(),
        .. Signalling.Cases(),
    ]);

    public static IReadOnlyList<SocksCase> All => Cases.Value;
}
