using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>RFC 1928 §6: every REP other than X'00' is a failure, the unassigned ones included.</summary>
internal static class S6_ReplyCodes
{
    private static ClientCase Failure(byte rep, string meaning) =>
        S5($"client/s5/rep/{rep:x2}", "§6", $"REP X'{rep:X2}' ({meaning}) is a failure",
            ["C5-REP-01"], Specified, "no application data on the connection and no fetch; close or wait for the server to close",
            Scripts.Socks5Refuse(Scripts.Reply5(rep, Scripts.Ipv4(0, 0, 0, 0), 0), $"replied REP X'{rep:X2}' ({meaning})"),
            Graders.MustRefuse());

    public static IEnumerable<ClientCase> All =>
    [
        Failure(0x01, "general failure"),
        Failure(0x02, "not allowed by ruleset"),
        Failure(0x03, "network unreachable"),
        Failure(0x04, "host unreachable"),
        Failure(0x05, "connection refused"),
        Failure(0x06, "TTL expired"),
        Failure(0x07, "command not supported"),
        Failure(0x08, "address type not supported"),
        Failure(0x09, "unassigned"),
        Failure(0x7F, "unassigned"),
        Failure(0x80, "unassigned, high bit set"),
        Failure(0xFF, "unassigned"),

        S5("client/s5/rep/failure-domain-bnd", "§6", "A failure reply with a domain BND is still a failure, read whole",
            ["C5-REP-01"], Specified, "no application data and no fetch",
            Scripts.Socks5Refuse(Scripts.Reply5(0x05, SocksAddress.FromDomain("refused.example"), 0), "replied REP X'05' with a domain BND"),
            Graders.MustRefuse()),
    ];
}
