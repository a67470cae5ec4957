using Sockspec.Model;
using static Sockspec.Model.RequirementLevel;
using static Sockspec.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>RFC 1929, Username/Password Authentication for SOCKS V5 (March 1996).</summary>
internal static class Rfc1929
{
    private const string Doc = "RFC 1929";

    private static Requirement R(string id, string section, RequirementLevel level, RequirementRole role, string text) =>
        new(id, Doc, section, level, role, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        R("UP-01", "§2", Specified, Both, "The request is VER(1) ULEN(1) UNAME(1 to 255) PLEN(1) PASSWD(1 to 255)."),
        R("UP-02", "§2", Specified, Both, "VER is X'01', the version of the sub-negotiation (not X'05')."),
        R("UP-03", "§2", Specified, Both, "ULEN and PLEN are the octet lengths of UNAME and PASSWD; the layout gives 1 to 255, so 0 falls outside it (ambiguous in practice)."),
        R("UP-04", "§2", Specified, Server, "The server verifies UNAME and PASSWD and answers VER(1) STATUS(1) (the RFC does not state the response VER; X'01' by convention)."),
        R("UP-05", "§2", Specified, Both, "STATUS X'00' means success; any other value is a failure."),
        R("UP-06", "§2", Must, Server, "After a failure STATUS the server MUST close the connection."),
        R("UP-07", "§3", Should, Both, "The password travels in cleartext, so the method is not recommended where sniffing is possible and practical."),
        R("UP-08", "§2", Specified, Both, "The sub-negotiation begins once method X'02' has been selected: the username/password request is the client's next message."),

        // Client conformance (issue 8).
        R("C5-AUTH-01", "§2", Specified, Client, "The client's request has VER X'01' and ULEN/PLEN equal to the lengths of UNAME and PASSWD (1 to 255)."),
        R("C5-AUTH-02", "§2", Specified, Client, "The client treats a STATUS other than X'00' as failure and sends no request."),
        R("C5-AUTH-03", "§2", May, Client, "(derived) The RFC never fixes the response's VER: a client may accept X'01' only or any value, but must not misread it."),
    ];
}
