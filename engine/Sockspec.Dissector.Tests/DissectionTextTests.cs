using System.Net;
using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

public class DissectionTextTests
{
    [Fact]
    public void The_text_form_names_each_field_and_each_violation_with_its_requirement_ID()
    {
        var bytes = Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromIPAddress(IPAddress.Loopback), 1080) { Rsv = 2 });
        var text = DissectionText.Render(Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Reply), bytes);
        Assert.Contains("BND.PORT         0438               1080", text);
        Assert.Contains("violation: ReplyReservedNotZero (S5-REP-05)", text);
        Assert.Contains("NOT clean", text);
    }

    [Fact]
    public void The_text_form_reports_a_framing_error_and_the_undecodable_rest()
    {
        byte[] bytes = Wire.Of(new Socks5Reply(Socks5Rep.GeneralFailure, new SocksAddress(0x00, []), 0));
        var text = DissectionText.Render(Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Reply), bytes);
        Assert.Contains("framing error: UnknownAddressType", text);
        Assert.Contains("undecodable (offset 4, 2 bytes)", text);
    }
}
