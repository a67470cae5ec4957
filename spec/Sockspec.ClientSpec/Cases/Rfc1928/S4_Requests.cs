using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>RFC 1928 §4-§5: the client's CONNECT request and its DST.ADDR encoding, domain length edges included.</summary>
internal static class S4_Requests
{
    /// <summary>A name the client sends is graded; a client that resolved it itself (to loopback) is fine too.</summary>
    private static string? NameOrNothing(CaseObservation o)
    {
        var r = o.Primary.Request5;
        if (r is null || r.IsBareClose) return null; // it refused before sending a request: allowed
        return Checks.Destination5(o);
    }

    /// <summary>A 256-octet name does not fit ATYP 03: it must not be sent in any form (truncated, wrapped length).</summary>
    private static string? NoOverlongName(CaseObservation o)
    {
        var r = o.Primary.Request5;
        if (r is null || r.IsBareClose) return null;
        if (!r.IsMessage) return "request: " + r.Describe();
        var a = r.Message.DstAddr;
        if (a.Atyp == (byte)AddressType.DomainName)
            return $"sent the 256-octet name as ATYP 03 with a length octet of {a.Bytes.Length} (truncated or wrapped; C5-REQ-02 requires a refusal)";
        return Checks.DestinationProblem(a, o.TargetHost);
    }

    public static IEnumerable<ClientCase> All =>
    [
        S5("client/s5/request/well-formed", "§4", "The CONNECT request is VER 05, CMD 01, RSV 00, a known ATYP, DST.PORT in network order",
            ["C5-REQ-01"], Specified, "a request that frames with no violation, CMD CONNECT and the target's port",
            Scripts.Socks5Serve(), Graders.Sent(Checks.Request5)),

        S5("client/s5/request/destination", "§5", "DST.ADDR designates the target: its exact name (no NUL) or a loopback address",
            ["C5-REQ-01", "C5-REQ-02"], Specified, "ATYP 03 with exactly the target's name, or ATYP 01/04 with a loopback address",
            Scripts.Socks5Serve(), Graders.Sent(Checks.Destination5)),

        S5("client/s5/connect/baseline", "§6", "Through a well-behaved server the client fetches the body",
            ["C5-REQ-01", "S5-DATA-01"], Specified, "the client fetches the body",
            Scripts.Socks5Serve(), Graders.MustFetch(Checks.Request5)),

        S5("client/s5/domain/255-octets", "§5", "A 255-octet name goes as ATYP 03 with length octet 255 and the whole name",
            ["C5-REQ-02"], Specified, "either the exact 255-octet name (then a fetch), or a refusal before any request; never a shortened name",
            Scripts.Socks5Serve(), Graders.SentOrRefused(NameOrNothing)) with { Target = TargetShape.Name255 },

        S5("client/s5/domain/256-octets", "§5", "A 256-octet name cannot be sent: the client refuses, never truncates or wraps the length",
            ["C5-REQ-02"], Specified, "no ATYP 03 request for the name (refusal, or a loopback address the client resolved itself)",
            Scripts.Socks5Serve(), Graders.SentOrRefused(NoOverlongName)) with { Target = TargetShape.Name256 },
    ];
}
