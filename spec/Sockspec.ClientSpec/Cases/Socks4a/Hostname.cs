using Sockspec.ClientSpec.Harness;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Socks4a;

/// <summary>SOCKS4a from the client's side: the marker, the hostname and its NUL, a name longer than SOCKS5 allows.</summary>
internal static class Hostname
{
    /// <summary>SOCKS4a sets no length limit: a long name goes whole, or the client refuses; never a cut name.</summary>
    private static string? WholeOrNothing(CaseObservation o)
    {
        var r = o.Primary.Request4;
        if (r is null || r.IsBareClose) return null;
        return Checks.Request4a(o);
    }

    public static IEnumerable<ClientCase> All =>
    [
        S4("client/s4a/request/well-formed", "The 4a request has DSTIP 0.0.0.x (x != 0), USERID, NUL, the target's name, one NUL",
            ["C4A-01"], Specified, "marker DSTIP, the exact target name, single NULs",
            Scripts.Socks4Serve(applies: Applies.Socks4a), Graders.Sent(Checks.Request4a), Applies.Socks4a),

        S4("client/s4a/connect/baseline", "Through a well-behaved server the 4a client fetches the body",
            ["C4A-01"], Specified, "the client fetches the body",
            Scripts.Socks4Serve(applies: Applies.Socks4a), Graders.MustFetch(Checks.Request4a), Applies.Socks4a),

        S4("client/s4a/request/300-octet-name", "A 300-octet name (SOCKS4a has no limit) is sent whole or refused, never cut",
            ["C4A-01"], Specified, "the whole 300-octet name and one NUL, or no request at all",
            Scripts.Socks4Serve(applies: Applies.Socks4a), Graders.SentOrRefused(WholeOrNothing), Applies.Socks4a) with { Target = TargetShape.Name300 },
    ];
}
