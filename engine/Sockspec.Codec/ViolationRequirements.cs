namespace Sockspec.Codec;

/// <summary>
/// The requirement (catalogue ID in spec/) each violation comes from. The IDs are the stable catalogue IDs, so the codec
/// needs no reference to the catalogue; a test in spec/ checks that every ID here exists there.
/// </summary>
public static class ViolationRequirements
{
    public static string RequirementOf(SocksViolation v) => v switch
    {
        SocksViolation.GreetingVersionNotFive => "S5-GREET-02",
        SocksViolation.GreetingNoMethods => "S5-GREET-03",
        SocksViolation.MethodSelectionVersionNotFive => "S5-METHOD-01",
        SocksViolation.UserPassVersionNotOne => "UP-02",
        SocksViolation.UserPassEmptyUsername => "UP-03",
        SocksViolation.UserPassEmptyPassword => "UP-03",
        SocksViolation.UserPassResponseVersionNotOne => "UP-04",
        SocksViolation.RequestVersionNotFive => "S5-REQ-02",
        SocksViolation.RequestUnknownCommand => "S5-REQ-02",
        SocksViolation.RequestReservedNotZero => "S5-REQ-03",
        SocksViolation.EmptyDomainName => "S5-ADDR-02",
        SocksViolation.DomainNameContainsNul => "S5-ADDR-02",
        SocksViolation.ReplyVersionNotFive => "S5-REP-01",
        SocksViolation.ReplyUnassignedCode => "S5-REP-04",
        SocksViolation.ReplyReservedNotZero => "S5-REP-05",
        SocksViolation.UdpReservedNotZero => "S5-UDP-06",
        SocksViolation.Socks4VersionNotFour => "S4-REQ-02",
        SocksViolation.Socks4UnknownCommand => "S4-REQ-02",
        SocksViolation.Socks4DestinationUnspecified => "S4A-06",
        SocksViolation.Socks4aEmptyHostname => "S4A-02",
        SocksViolation.Socks4ReplyVersionNotZero => "S4-REP-02",
        SocksViolation.Socks4ReplyUnassignedCode => "S4-REP-03",
        SocksViolation.GssApiVersionNotOne => "GSS-01",
        SocksViolation.GssApiUnknownMessageType => "GSS-01",
        _ => "",
    };

    /// <summary>Every violation the codec knows, in enum order.</summary>
    public static ReadOnlySpan<SocksViolation> All => Enum.GetValues<SocksViolation>();
}
