using Sockspec.Model;
using static Sockspec.Model.RequirementLevel;
using static Sockspec.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>
/// RFC 1961, GSS-API Authentication Method for SOCKS Version 5 (June 1996). The suite frames these messages but runs no
/// GSS-API mechanism; see <see cref="Ledger"/>.
/// </summary>
internal static class Rfc1961
{
    private const string Doc = "RFC 1961";

    private static Requirement R(string id, string section, RequirementLevel level, RequirementRole role, string text) =>
        new(id, Doc, section, level, role, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        R("GSS-01", "§3.4", Specified, Both, "Method X'01' messages are framed ver(1)=X'01' mtyp(1) len(2) token(up to 65535 octets)."),
        R("GSS-02", "§3.7", Specified, Both, "mtyp X'01' carries context-establishment tokens; the server answers with the same message type."),
        R("GSS-03", "§3.8", Specified, Server, "A server that refuses the client (authentication failure or otherwise) sends the abort message ver X'01' mtyp X'FF'."),
        R("GSS-04", "§4.3", Specified, Both, "mtyp X'02' negotiates the protection level, which must be 1 (integrity), 2 (integrity and confidentiality) or 3 (selective)."),
        R("GSS-05", "§5", Must, Both, "Once protection is agreed, traffic is framed in mtyp X'03' messages; conf_req_flag MUST be FALSE at level 1 and TRUE at level 2."),
        R("GSS-06", "§3.2", Must, Client, "The client requests mutual authentication, replay protection and delegation, and sequence protection for TCP only (\"required by this specification\")."),
        R("GSS-07", "§3.5", Must, Client, "A client whose gss_init_sec_context fails must close its connection (lower-case must)."),
        R("GSS-08", "§3.6", Must, Server, "The server must pass the client's token to gss_accept_sec_context and return any output token (lower-case must)."),
        R("GSS-09", "§3.6", Should, Server, "When the context completes without an output token, the server should send a zero-length token to signal it is ready for the request."),
        R("GSS-10", "§4.4", Must, Client, "If the server's choice of protection level is unacceptable, the client must close its connection (lower-case must)."),
        R("GSS-11", "§6", Specified, Both, "No context-termination message is sent; each peer deletes its context locally when the connection closes."),
        R("GSS-12", "§3.1", Should, Both, "Before using GSS-API both sides should be locally authenticated with default credentials; the client should import the server's name with the default name type and treat it as opaque."),
        R("GSS-13", "§3.3", Must, Client, "While gss_init_sec_context returns GSS_S_CONTINUE_NEEDED, the client must pass each server token to another call, until the context is complete (lower-case must)."),
        R("GSS-14", "§4.4", Specified, Both, "The protection-level token is one octet holding the level, wrapped with gss_wrap (conf_req FALSE) and checked with gss_unwrap."),
    ];
}
