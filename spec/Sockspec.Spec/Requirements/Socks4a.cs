using Sockspec.Model;
using static Sockspec.Model.RequirementLevel;
using static Sockspec.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>
/// "SOCKS 4A: A Simple Extension to SOCKS 4 Protocol" (Ying-Da Lee). Unnumbered, so every section is "". Its
/// lower-case "must"/"should" are recorded as <see cref="Must"/>/<see cref="Should"/>.
/// </summary>
internal static class Socks4a
{
    private const string Doc = "SOCKS4a";

    private static Requirement R(string id, RequirementLevel level, RequirementRole role, string text) =>
        new(id, Doc, "", level, role, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        R("S4A-01", Specified, Both, "A 4A request sets DSTIP to 0.0.0.x with x non-zero, an address IANA makes inadmissible as a destination."),
        R("S4A-02", Must, Both, "After the NULL that ends USERID the client must send the destination domain name, ended by another NULL (lower-case must)."),
        R("S4A-03", Specified, Both, "The 4A form is used for both CONNECT and BIND."),
        R("S4A-04", Must, Server, "A 4A server must check DSTIP and, for 0.0.0.x with x non-zero, must read the domain name that follows USERID (lower-case must)."),
        R("S4A-05", Should, Server, "The server should resolve the name and connect if it can; a SOCKSified server may pass a name it cannot resolve to the next-hop SOCKS server."),
        R("S4A-06", Specified, Both, "(derived) DSTIP 0.0.0.0 is not a 4A marker, x being non-zero; the document gives no length limit for the name."),

        // Client conformance (issue 8).
        R("C4A-01", Specified, Client, "The client's 4A request has DSTIP 0.0.0.x with x non-zero, USERID and its NULL, a non-empty name and exactly one closing NULL."),
        R("C4A-02", Should, Client, "A client uses the 4A form when it cannot resolve the destination's name itself (lower-case should)."),
    ];
}
