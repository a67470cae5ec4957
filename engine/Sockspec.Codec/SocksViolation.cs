namespace Sockspec.Codec;

/// <summary>
/// A rule broken by a message that frames fine, named after the rule. One flat enum across SOCKS4, SOCKS4a, SOCKS5,
/// RFC 1929 and RFC 1961 so that a violation can travel through the suite, the reports and the fuzzers as one value.
/// <see cref="ViolationRequirements.RequirementOf"/> maps each to the catalogue requirement it comes from.
/// Values are stable (they are bit positions in <see cref="ViolationSet"/> and appear in vectors): append only.
/// </summary>
public enum SocksViolation : byte
{
    // RFC 1928 §3: greeting and method selection.
    GreetingVersionNotFive = 0,
    GreetingNoMethods = 1,
    MethodSelectionVersionNotFive = 2,

    // RFC 1929 §2: username/password sub-negotiation.
    UserPassVersionNotOne = 3,
    UserPassEmptyUsername = 4,
    UserPassEmptyPassword = 5,
    UserPassResponseVersionNotOne = 6,

    // RFC 1928 §4-§5: requests and addresses.
    RequestVersionNotFive = 7,
    RequestUnknownCommand = 8,
    RequestReservedNotZero = 9,
    EmptyDomainName = 10,
    DomainNameContainsNul = 11,

    // RFC 1928 §6: replies.
    ReplyVersionNotFive = 12,
    ReplyUnassignedCode = 13,
    ReplyReservedNotZero = 14,

    // RFC 1928 §7: UDP request header.
    UdpReservedNotZero = 15,

    // SOCKS4 and SOCKS4a.
    Socks4VersionNotFour = 16,
    Socks4UnknownCommand = 17,
    Socks4DestinationUnspecified = 18,
    Socks4aEmptyHostname = 19,
    Socks4ReplyVersionNotZero = 20,
    Socks4ReplyUnassignedCode = 21,

    // RFC 1961 §3-§5: GSS-API message framing.
    GssApiVersionNotOne = 22,
    GssApiUnknownMessageType = 23,
}
