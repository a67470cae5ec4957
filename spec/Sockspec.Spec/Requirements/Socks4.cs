using Sockspec.Model;
using static Sockspec.Model.RequirementLevel;
using static Sockspec.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>
/// "SOCKS: A protocol for TCP proxy across firewalls" (Ying-Da Lee, NEC). The document numbers two parts,
/// "1) CONNECT" and "2) BIND", recorded here as §1 and §2; its closing time-limit paragraph follows §2 and covers both.
/// It has no RFC 2119 words, so its rules are <see cref="Specified"/>.
/// </summary>
internal static class Socks4
{
    private const string Doc = "SOCKS4";

    private static Requirement R(string id, string section, RequirementLevel level, RequirementRole role, string text) =>
        new(id, Doc, section, level, role, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        R("S4-GEN-01", "§1", Specified, Server, "(derived) Messages are framed by their layout on a TCP byte stream: a request split across segments, or followed at once by data, is read the same."),
        R("S4-REQ-01", "§1", Specified, Both, "The request is VN(1) CD(1) DSTPORT(2) DSTIP(4) USERID(variable) NULL(1)."),
        R("S4-REQ-02", "§1", Specified, Both, "VN is 4; CD is 1 for CONNECT and 2 for BIND."),
        R("S4-REQ-03", "§1", Specified, Both, "USERID is a variable-length string with no stated limit, ended by one NULL octet."),
        R("S4-CONN-01", "§1", Specified, Server, "The server grants or refuses on any combination of source IP, DSTIP, DSTPORT, USERID and what IDENT (RFC 1413) tells it."),
        R("S4-CONN-02", "§1", Specified, Server, "The reply is sent when the connection to the destination is established, or when the request is rejected or the operation fails."),
        R("S4-CONN-03", "§1", Specified, Server, "For a granted CONNECT the server connects to DSTPORT on DSTIP."),
        R("S4-REP-01", "§1", Specified, Server, "The reply is 8 octets: VN(1) CD(1) DSTPORT(2) DSTIP(4)."),
        R("S4-REP-02", "§1", Specified, Server, "The reply's VN, the version of the reply code, is 0 (not 4)."),
        R("S4-REP-03", "§1", Specified, Server, "Reply CD: 90 granted, 91 rejected or failed, 92 rejected because identd on the client is unreachable, 93 rejected because client and identd report different user-ids."),
        R("S4-REP-04", "§1", Specified, Client, "In a CONNECT reply the remaining fields (DSTPORT, DSTIP) are ignored."),
        R("S4-CLOSE-01", "§1", Specified, Server, "The server closes the connection immediately after a failed or rejected reply; after 90 it relays both directions as if the client were connected directly."),
        R("S4-BIND-01", "§2", Specified, Both, "BIND should only follow a primary CONNECT; its DSTIP is the application server's address and DSTPORT the primary connection's destination port."),
        R("S4-BIND-02", "§2", Specified, Server, "The first BIND reply has the CONNECT reply's format; for 90 its DSTPORT and DSTIP give the port and address of the socket the server listens on."),
        R("S4-BIND-03", "§2", Specified, Client, "If the first reply's DSTIP is 0 (INADDR_ANY), the client uses the address of the SOCKS server it is connected to instead."),
        R("S4-BIND-04", "§2", Specified, Server, "The second reply is sent when the anticipated connection arrives; the server checks its source IP against the request's DSTIP."),
        R("S4-BIND-05", "§2", Specified, Server, "On a mismatch the second reply has CD 91 and the server closes both connections; on a match CD 90 and it relays between them."),
        R("S4-BIND-06", "§2", Specified, Client, "The application protocol must carry the first reply's address and port to the application server (outside SOCKS; lower-case must)."),
        R("S4-TIME-01", "§2", Specified, Server, "For CONNECT and BIND the server limits the time to establish the connection with the application server (2 minutes originally); on expiry it closes the client connection."),

        // Client conformance (issue 8).
        R("C4-REQ-01", "§1", Specified, Client, "The client's request has VN 4, CD 1 or 2, DSTPORT in network octet order and a USERID ended by exactly one NULL."),
        R("C4-REP-01", "§1", Specified, Client, "The client treats any CD other than 90 as a failure."),
        R("C4-REP-02", "§1", May, Client, "A reply with VN 4 instead of 0 (a common deviation) is accepted leniently or reported clearly, never misread."),
        R("C4-REP-03", "§1", Specified, Client, "The client reads exactly the 8-octet reply; data after it in the same segment reaches the application."),
        R("C4-REP-04", "§1", Should, Client, "(derived) The client does not hang on a truncated reply or a silent server: it gives up within a bounded time."),
        R("C4-BIND-01", "§2", Specified, Client, "After BIND the client reads the second reply and relays only after CD 90."),
    ];
}
