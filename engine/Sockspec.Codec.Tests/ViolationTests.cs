using System.Net;

namespace Sockspec.Codec.Tests;

/// <summary>Each rule a single message can break, broken on purpose through the writer, and reported by the reader.</summary>
public class ViolationTests
{
    private static readonly SocksAddress Ip = SocksAddress.FromIPAddress(IPAddress.Loopback);

    private static MessageCase Case<T>(string label, T value) where T : struct, ISocksMessage<T> => new MessageCase<T>(label, value);

    public static IEnumerable<(string Rule, MessageCase Message, SocksViolation[] Expected)> Rows()
    {
        yield return ("greeting VER 04", Case("VER 4", new Socks5Greeting(0x00) { Ver = 4 }), [SocksViolation.GreetingVersionNotFive]);
        yield return ("greeting NMETHODS 0", Case("no methods", new Socks5Greeting([])), [SocksViolation.GreetingNoMethods]);
        yield return ("method selection VER 04", Case("VER 4", new Socks5MethodSelection(0) { Ver = 4 }), [SocksViolation.MethodSelectionVersionNotFive]);
        yield return ("user/pass VER 05", Case("VER 5", new UsernamePasswordRequest("u", "p") { Ver = 5 }), [SocksViolation.UserPassVersionNotOne]);
        yield return ("user/pass ULEN 0", Case("empty name", new UsernamePasswordRequest("", "p")), [SocksViolation.UserPassEmptyUsername]);
        yield return ("user/pass PLEN 0", Case("empty password", new UsernamePasswordRequest("u", "")), [SocksViolation.UserPassEmptyPassword]);
        yield return ("user/pass response VER 05", Case("VER 5", new UsernamePasswordResponse(0) { Ver = 5 }), [SocksViolation.UserPassResponseVersionNotOne]);
        yield return ("request VER 04", Case("VER 4", new Socks5Request(Socks5Command.Connect, Ip, 80) { Ver = 4 }), [SocksViolation.RequestVersionNotFive]);
        yield return ("request CMD 00", Case("CMD 0", new Socks5Request(Socks5Command.Connect, Ip, 80) { Cmd = 0 }), [SocksViolation.RequestUnknownCommand]);
        yield return ("request CMD 04", Case("CMD 4", new Socks5Request(Socks5Command.Connect, Ip, 80) { Cmd = 4 }), [SocksViolation.RequestUnknownCommand]);
        yield return ("request RSV 01", Case("RSV 1", new Socks5Request(Socks5Command.Connect, Ip, 80) { Rsv = 1 }), [SocksViolation.RequestReservedNotZero]);
        yield return ("request with an empty domain", Case("empty name", new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain(""), 80)), [SocksViolation.EmptyDomainName]);
        yield return ("request with a NUL in the domain", Case("a\\0b", new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("a\0b"), 80)), [SocksViolation.DomainNameContainsNul]);
        yield return ("request breaking three rules at once", Case("VER 4 CMD FF RSV FF", new Socks5Request(Socks5Command.Connect, Ip, 80) { Ver = 4, Cmd = 0xFF, Rsv = 0xFF }),
            [SocksViolation.RequestVersionNotFive, SocksViolation.RequestUnknownCommand, SocksViolation.RequestReservedNotZero]);
        yield return ("reply VER 04", Case("VER 4", new Socks5Reply(Socks5Rep.Succeeded, Ip, 80) { Ver = 4 }), [SocksViolation.ReplyVersionNotFive]);
        yield return ("reply REP 09", Case("REP 9", new Socks5Reply(Socks5Rep.Succeeded, Ip, 80) { Rep = 9 }), [SocksViolation.ReplyUnassignedCode]);
        yield return ("reply REP FF", Case("REP FF", new Socks5Reply(Socks5Rep.Succeeded, Ip, 80) { Rep = 0xFF }), [SocksViolation.ReplyUnassignedCode]);
        yield return ("reply RSV 01", Case("RSV 1", new Socks5Reply(Socks5Rep.Succeeded, Ip, 80) { Rsv = 1 }), [SocksViolation.ReplyReservedNotZero]);
        yield return ("reply with an empty domain", Case("empty BND name", new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromDomain(""), 80)), [SocksViolation.EmptyDomainName]);
        yield return ("UDP header RSV 0001", Case("RSV 1", new Socks5UdpHeader(Ip, 53) { Rsv = 1 }), [SocksViolation.UdpReservedNotZero]);
        yield return ("UDP header RSV 0100", Case("RSV 256", new Socks5UdpHeader(Ip, 53) { Rsv = 0x100 }), [SocksViolation.UdpReservedNotZero]);
        yield return ("UDP header with a NUL in the domain", Case("x\\0", new Socks5UdpHeader(SocksAddress.FromDomain("x\0"), 53)), [SocksViolation.DomainNameContainsNul]);
        yield return ("SOCKS4 VN 05", Case("VN 5", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80) { Vn = 5 }), [SocksViolation.Socks4VersionNotFour]);
        yield return ("SOCKS4 CD 03", Case("CD 3", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80) { Cd = 3 }), [SocksViolation.Socks4UnknownCommand]);
        yield return ("SOCKS4 CD 00", Case("CD 0", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80) { Cd = 0 }), [SocksViolation.Socks4UnknownCommand]);
        yield return ("SOCKS4 DSTIP 0.0.0.0", Case("0.0.0.0", new Socks4Request(Socks4Command.Connect, 0, 80)), [SocksViolation.Socks4DestinationUnspecified]);
        yield return ("SOCKS4a with an empty hostname", Case("0.0.0.1 and no name", new Socks4Request(Socks4Command.Connect, 1, 80, "", "")), [SocksViolation.Socks4aEmptyHostname]);
        yield return ("SOCKS4 reply VN 04", Case("VN 4", new Socks4Reply(Socks4Cd.RequestGranted) { Vn = 4 }), [SocksViolation.Socks4ReplyVersionNotZero]);
        yield return ("SOCKS4 reply CD 89", Case("CD 89", new Socks4Reply(Socks4Cd.RequestGranted) { Cd = 89 }), [SocksViolation.Socks4ReplyUnassignedCode]);
        yield return ("SOCKS4 reply CD 94", Case("CD 94", new Socks4Reply(Socks4Cd.RequestGranted) { Cd = 94 }), [SocksViolation.Socks4ReplyUnassignedCode]);
        yield return ("GSS-API ver 05", Case("ver 5", new GssApiMessage(1, 0) { Ver = 5 }), [SocksViolation.GssApiVersionNotOne]);
        yield return ("GSS-API mtyp 04", Case("mtyp 4", new GssApiMessage(4, 2)), [SocksViolation.GssApiUnknownMessageType]);
    }

    public static TheoryData<string, MessageCase, SocksViolation[]> Matrix()
    {
        var data = new TheoryData<string, MessageCase, SocksViolation[]>();
        foreach (var (rule, message, expected) in Rows()) data.Add(rule, message, expected);
        return data;
    }

    [Theory, MemberData(nameof(Matrix))]
    public void A_message_breaking_a_rule_frames_fine_and_reports_exactly_that_rule(string rule, MessageCase message, SocksViolation[] expected)
    {
        var (result, _) = message.Read(message.Encode());
        Assert.True(result.Status == ReadStatus.Done, $"{rule}: {result}");
        Assert.Equal(ViolationSet.Of(expected), result.Violations);
    }

    [Fact]
    public void Every_violation_the_codec_knows_is_provoked_by_at_least_one_row()
    {
        var provoked = Rows().SelectMany(r => r.Expected).ToHashSet();
        var missing = Enum.GetValues<SocksViolation>().Where(v => !provoked.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"never provoked: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_violation_maps_to_a_requirement_ID_from_the_catalogue()
    {
        foreach (var v in ViolationRequirements.All)
            Assert.Matches(@"^(S5|UP|GSS|S4|S4A)-([A-Z]+-)?\d{2}$", ViolationRequirements.RequirementOf(v));
    }

    [Fact]
    public void ViolationRequirements_All_lists_every_enum_value()
    {
        Assert.Equal(Enum.GetValues<SocksViolation>(), ViolationRequirements.All.ToArray());
    }
}
