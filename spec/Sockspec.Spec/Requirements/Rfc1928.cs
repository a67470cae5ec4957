using Sockspec.Model;
using static Sockspec.Model.RequirementLevel;
using static Sockspec.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>
/// RFC 1928, SOCKS Protocol Version 5 (March 1996). The RFC predates RFC 2119, so its lower-case "must" is recorded as
/// <see cref="Must"/> and the text says so; diagrams and value tables are <see cref="Specified"/>. "(derived)" marks a
/// statement the RFC implies rather than says, kept so that a case can name the rule it really checks.
/// </summary>
internal static class Rfc1928
{
    private const string Doc = "RFC 1928";

    private static Requirement R(string id, string section, RequirementLevel level, RequirementRole role, string text) =>
        new(id, Doc, section, level, role, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        // §3 Procedure for TCP-based clients
        R("S5-GEN-01", "§3", Specified, Server, "The SOCKS service is conventionally located on TCP port 1080 (a convention, not a requirement on a deployment)."),
        R("S5-GEN-02", "§3", Specified, Both, "In message diagrams decimal numbers are field lengths in octets and X'hh' a fixed octet value; DST.PORT and BND.PORT are in network octet order (§4, §6)."),
        R("S5-GEN-03", "§3", Specified, Server, "(derived) Messages are framed by their layout on a TCP byte stream, not by segments: a message split across segments, or several messages pipelined in one, is read the same."),
        R("S5-GREET-01", "§3", Specified, Both, "The greeting is VER(1) NMETHODS(1) METHODS(1 to 255 octets)."),
        R("S5-GREET-02", "§3", Specified, Both, "VER is X'05' for this version of the protocol."),
        R("S5-GREET-03", "§3", Specified, Both, "NMETHODS is the number of METHODS octets that follow; METHODS holds 1 to 255 octets, so NMETHODS 0 falls outside the layout."),
        R("S5-METHOD-01", "§3", Specified, Server, "The server answers the greeting with VER(1)=X'05' METHOD(1)."),
        R("S5-METHOD-02", "§3", Specified, Server, "The server selects one of the methods the client listed in METHODS, or X'FF'; never a method the client did not offer."),
        R("S5-METHOD-03", "§3", Specified, Both, "METHOD values: X'00' no authentication required, X'01' GSSAPI, X'02' username/password, X'03'-X'7F' IANA assigned, X'80'-X'FE' private methods, X'FF' no acceptable methods."),
        R("S5-METHOD-04", "§3", Must, Both, "If the selected METHOD is X'FF', none of the offered methods is acceptable and the client MUST close the connection; the server processes nothing further on it."),
        R("S5-METHOD-05", "§3", Specified, Both, "After the selection client and server enter the method-specific sub-negotiation (none for X'00'), described in separate memos."),
        R("S5-METHOD-06", "§3", Must, Both, "Compliant implementations MUST support the GSSAPI method."),
        R("S5-METHOD-07", "§3", Should, Both, "Compliant implementations SHOULD support the USERNAME/PASSWORD method."),
        R("S5-METHOD-08", "§3", Should, Both, "Developers of a new method should obtain its METHOD number from IANA (lower-case should)."),

        // §4 Requests
        R("S5-REQ-01", "§4", Specified, Both, "The request is VER(1) CMD(1) RSV(1) ATYP(1) DST.ADDR(variable) DST.PORT(2, network octet order)."),
        R("S5-REQ-02", "§4", Specified, Both, "In the request VER is X'05' and CMD is X'01' CONNECT, X'02' BIND or X'03' UDP ASSOCIATE; no other command is defined."),
        R("S5-REQ-03", "§4", Must, Both, "RSV in the request is X'00' (the diagram fixes X'00'; §6: fields marked RESERVED must be set to X'00', lower-case must)."),
        R("S5-REQ-04", "§4", Must, Client, "If the negotiated method includes encapsulation for integrity or confidentiality, requests MUST be encapsulated in it."),
        R("S5-REQ-05", "§4", Specified, Server, "The server evaluates the request (typically on source and destination addresses) and returns one or more replies, as appropriate for the command."),

        // §5 Addressing
        R("S5-ADDR-01", "§5", Specified, Both, "ATYP X'01': the address is an IPv4 address of 4 octets."),
        R("S5-ADDR-02", "§5", Specified, Both, "ATYP X'03': the first octet is the number of name octets that follow, a fully-qualified domain name with no terminating NUL (length 0 is not explicitly forbidden: ambiguous)."),
        R("S5-ADDR-03", "§5", Specified, Both, "ATYP X'04': the address is an IPv6 address of 16 octets."),
        R("S5-ADDR-04", "§5", Specified, Both, "The same ATYP encoding applies to both DST.ADDR and BND.ADDR."),

        // §6 Replies
        R("S5-REP-01", "§6", Specified, Server, "The reply is VER(1)=X'05' REP(1) RSV(1)=X'00' ATYP(1) BND.ADDR(variable) BND.PORT(2), failures included."),
        R("S5-REP-02", "§6", Specified, Server, "REP X'00' means succeeded."),
        R("S5-REP-03", "§6", Specified, Server, "Failure REP values: X'01' general failure, X'02' not allowed by ruleset, X'03' network unreachable, X'04' host unreachable, X'05' connection refused, X'06' TTL expired, X'07' command not supported, X'08' address type not supported."),
        R("S5-REP-04", "§6", Specified, Both, "REP X'09' to X'FF' are unassigned: a server sends none of them, and a client can only treat one as a failure (derived)."),
        R("S5-REP-05", "§6", Must, Server, "RSV in the reply must be X'00' (lower-case must)."),
        R("S5-REP-06", "§6", Specified, Server, "If the chosen method includes encapsulation, the replies are encapsulated in it."),
        R("S5-CONN-01", "§6", Specified, Server, "In a CONNECT reply BND.ADDR and BND.PORT are the address and port the server assigned to its connection to the target (often not the address the client used to reach the server)."),
        R("S5-CONN-02", "§6", Specified, Server, "The server is expected to evaluate a CONNECT using DST.ADDR, DST.PORT and the client's source address and port."),
        R("S5-CONN-03", "§6", Specified, Server, "(derived) REP X'00' is sent only once the connection to the destination exists; a failed connection gets a failure REP, not a success followed by a close."),
        R("S5-BIND-01", "§6", Specified, Both, "BIND is expected only for secondary connections after a primary CONNECT; the server is expected to evaluate it using DST.ADDR and DST.PORT."),
        R("S5-BIND-02", "§6", Specified, Server, "A BIND operation produces two replies."),
        R("S5-BIND-03", "§6", Specified, Server, "The first BIND reply is sent after the server creates and binds a new socket; BND.ADDR and BND.PORT give where it listens."),
        R("S5-BIND-04", "§6", Specified, Server, "The second BIND reply comes only after the anticipated inbound connection succeeds or fails; BND.ADDR and BND.PORT then give the connecting host's address and port."),
        R("S5-UDP-01", "§6", May, Server, "In UDP ASSOCIATE, DST.ADDR and DST.PORT are where the client expects to send datagrams from; the server MAY use them to limit access to the association."),
        R("S5-UDP-02", "§6", Must, Client, "A client that does not know that address and port at the time of the UDP ASSOCIATE MUST send all zeros."),
        R("S5-UDP-03", "§6", Specified, Server, "A UDP association terminates when the TCP connection the UDP ASSOCIATE request arrived on terminates."),
        R("S5-UDP-04", "§6", Must, Both, "BND.ADDR and BND.PORT in the UDP ASSOCIATE reply are where the client MUST send datagrams to be relayed, so they must reach the relay."),
        R("S5-CLOSE-01", "§6", Must, Server, "After a failure reply (REP other than X'00') the server MUST close the TCP connection shortly, no more than 10 seconds after detecting the failure condition."),
        R("S5-DATA-01", "§6", May, Client, "After a success reply to CONNECT or BIND the client may start passing data."),
        R("S5-DATA-02", "§6", Must, Server, "If the method supports encapsulation, data is encapsulated; the server MUST encapsulate the data it sends to the client."),
        R("S5-DATA-03", "§6", Specified, Server, "(derived) After success the server relays bytes in both directions unchanged and in order, and passes on each side's close (half-close included)."),

        // §7 Procedure for UDP-based clients
        R("S5-UDP-05", "§7", Must, Client, "A UDP client MUST send its datagrams to the relay at BND.PORT, and MUST encapsulate them if the method provides encapsulation."),
        R("S5-UDP-06", "§7", Specified, Both, "Each datagram carries the header RSV(2)=X'0000' FRAG(1) ATYP(1) DST.ADDR(variable) DST.PORT(2) DATA(variable)."),
        R("S5-UDP-07", "§7", Specified, Server, "The relay forwards datagrams silently, without notifying the client, and silently drops datagrams it cannot or will not relay."),
        R("S5-UDP-08", "§7", Must, Server, "A reply datagram from a remote host MUST be sent to the client with the same UDP request header (and any method encapsulation)."),
        R("S5-UDP-09", "§7", Must, Server, "The relay MUST learn from the SOCKS server the client's expected IP address and MUST drop datagrams from any other source IP address."),
        R("S5-FRAG-01", "§7", Specified, Both, "FRAG X'00' marks a standalone datagram; 1 to 127 give the position in a fragment sequence, and the high-order bit marks its end."),
        R("S5-FRAG-02", "§7", Must, Both, "The reassembly queue must be reinitialized, its fragments abandoned, when the reassembly timer expires or a FRAG lower than the highest processed arrives (lower-case must)."),
        R("S5-FRAG-03", "§7", Must, Both, "The reassembly timer MUST be no less than 5 seconds."),
        R("S5-FRAG-04", "§7", Must, Both, "Fragmentation is optional; an implementation that does not support it MUST drop any datagram whose FRAG is not X'00'."),
        R("S5-FRAG-05", "§7", Should, Client, "Applications should avoid fragmentation wherever possible (\"recommended\", lower-case)."),
        R("S5-UDP-10", "§7", Must, Client, "A SOCKS-aware UDP programming interface MUST report buffer space smaller than the system's by 10, 262 or 20 octets (plus method overhead) for ATYP X'01', X'03', X'04'."),

        // Client conformance (what a SOCKS5 client sends and how it reacts; issue 8).
        R("C5-GREET-01", "§3", Specified, Client, "The client's greeting has VER X'05', NMETHODS equal to the number of METHODS octets, and 1 to 255 methods."),
        R("C5-GREET-02", "§3", Should, Client, "(derived) The client offers methods consistent with its configuration: X'02' when it has credentials, and no method it cannot carry out."),
        R("C5-METHOD-01", "§3", Must, Client, "After METHOD X'FF' the client closes the connection and sends nothing more."),
        R("C5-METHOD-02", "§3", Specified, Client, "(derived) The client refuses a selected METHOD it did not offer: it sends no sub-negotiation or request and closes."),
        R("C5-METHOD-03", "§3", Should, Client, "(derived) The client refuses a METHOD selection whose VER is not X'05' instead of continuing the dialog."),
        R("C5-REQ-01", "§4", Specified, Client, "The client's request has VER X'05', a defined CMD, RSV X'00', an ATYP matching DST.ADDR and DST.PORT in network octet order."),
        R("C5-REQ-02", "§5", Specified, Client, "A domain DST.ADDR has a length octet equal to the name's length (1 to 255) and no NUL; a longer name is refused by the client, never truncated or overflowed."),
        R("C5-REP-01", "§6", Specified, Client, "The client treats any REP other than X'00', unassigned X'09'-X'FF' included, as a failure."),
        R("C5-REP-02", "§6", Specified, Client, "The client rejects a reply whose VER is not X'05'."),
        R("C5-REP-03", "§5", Specified, Client, "The client reads a reply of any valid ATYP, a domain BND.ADDR of any length 1 to 255 included, consuming exactly the reply's octets."),
        R("C5-REP-04", "§6", Specified, Client, "(derived) The client assembles a reply split across several TCP segments."),
        R("C5-REP-05", "§6", Specified, Client, "(derived) Data that follows the reply in the same segment reaches the application intact."),
        R("C5-REP-06", "§6", Should, Client, "(derived) The client does not hang on a truncated reply or a silent server: it gives up with an error within a bounded time."),
        R("C5-REP-07", "§6", May, Client, "(derived) RSV is fixed for the server (S5-REP-05); a client may reject a reply with RSV other than X'00' or ignore RSV."),
        R("C5-BIND-01", "§6", Specified, Client, "After BIND the client reads both replies, also when they arrive in one segment, and takes the peer's address from the second."),
        R("C5-UDP-01", "§7", Specified, Client, "After UDP ASSOCIATE the client sends each datagram to the relay the reply names, with the §7 header (RSV X'0000', FRAG X'00', an ATYP matching DST.ADDR: 10 octets for IPv4, 22 for IPv6), and reads the relay's answer header of any ATYP."),
    ];
}
