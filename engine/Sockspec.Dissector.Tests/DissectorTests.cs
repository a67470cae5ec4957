using System.Net;
using System.Text;
using System.Text.Json;
using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

public class DissectorTests
{
    private static readonly SocksAddress Loopback = SocksAddress.FromIPAddress(IPAddress.Loopback);
    private static readonly byte[] Http = Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n");

    private static byte[] ClientHandshake() => Wire.Concat(
        Wire.Of(new Socks5Greeting(0x00, 0x02)),
        Wire.Of(new UsernamePasswordRequest("alice", "s3cret-pw")),
        Wire.Of(new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("example.com"), 80)),
        Http);

    [Fact]
    public void A_whole_client_handshake_in_one_input_gives_greeting_login_request_and_then_data()
    {
        var input = ClientHandshake();
        var d = Dissector.Dissect(input, DissectRole.Client, DissectPhase.Auto);
        Assert.Equal([Socks5Greeting.Name, UsernamePasswordRequest.Name, Socks5Request.Name], d.Messages.Select(m => m.Name));
        Assert.True(d.IsClean);
        Assert.Equal(new DissectedRest(RestKind.Data, input.Length - Http.Length, Http.Length, "data after the handshake"), d.Rest);
        var request = d.Messages[2];
        Assert.Equal(["VER", "CMD", "RSV", "ATYP", "DST.ADDR length", "DST.ADDR", "DST.PORT"], request.Fields.Select(f => f.Name));
        Assert.Equal("03 domain", request.Fields.Single(f => f.Name == "ATYP").Value);
        Assert.Equal("80", request.Fields.Single(f => f.Name == "DST.PORT").Value);
        Assert.Equal("\"example.com\"", request.Fields.Single(f => f.Name == "DST.ADDR").Value);
        Assert.Equal("01 CONNECT", request.Fields.Single(f => f.Name == "CMD").Value);
    }

    [Fact]
    public void The_fields_of_every_message_tile_it_exactly_from_its_first_to_its_last_byte()
    {
        var inputs = new (byte[] Bytes, DissectRole Role)[]
        {
            (ClientHandshake(), DissectRole.Client),
            (Wire.Of(new Socks4Request(Socks4Command.Connect, 1, 80, "bob", "example.org")), DissectRole.Client),
            (ServerBindDialog(), DissectRole.Server),
            (Wire.Concat(Wire.Of(new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000001, 9000)), Wire.Of(new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000001, 40000))), DissectRole.Server),
        };
        foreach (var (bytes, role) in inputs)
        {
            var d = Dissector.Dissect(bytes, role, DissectPhase.Auto);
            int at = 0;
            foreach (var m in d.Messages)
            {
                Assert.Equal(at, m.Offset);
                foreach (var f in m.Fields)
                {
                    Assert.Equal(at, f.Offset);
                    at += f.Length;
                }
                Assert.Equal(m.Offset + m.Length, at);
            }
        }
    }

    private static byte[] ServerBindDialog() => Wire.Concat(
        Wire.Of(new Socks5MethodSelection(0x00)),
        Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, Loopback, 40000)),
        Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), 51000)),
        Http);

    [Fact]
    public void A_BIND_dialog_from_the_server_gives_both_replies_and_then_data()
    {
        var d = Dissector.Dissect(ServerBindDialog(), DissectRole.Server, DissectPhase.Auto);
        Assert.Equal([Socks5MethodSelection.Name, Socks5Reply.Name, Socks5Reply.Name], d.Messages.Select(m => m.Name));
        Assert.Equal("::1", d.Messages[2].Fields.Single(f => f.Name == "BND.ADDR").Value);
        Assert.Equal(RestKind.Data, d.Rest?.Kind);
        Assert.True(d.IsClean);
    }

    [Fact]
    public void A_SOCKS4_BIND_dialog_from_the_server_gives_both_replies()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000001, 9000)), Wire.Of(new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000002, 40000)), Http);
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Auto);
        Assert.Equal(2, d.Messages.Count);
        Assert.Equal("127.0.0.2", d.Messages[1].Fields.Single(f => f.Name == "DSTIP").Value);
        Assert.Equal("5A (90) request granted", d.Messages[1].Fields.Single(f => f.Name == "CD").Value);
    }

    [Fact]
    public void Bytes_after_a_failure_reply_are_trailing_not_data()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5MethodSelection(0x00)), Wire.Of(new Socks5Reply(Socks5Rep.ConnectionRefused, Loopback, 0)), [0x41]);
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Auto);
        Assert.Equal(RestKind.Trailing, d.Rest?.Kind);
        Assert.False(d.IsClean);
    }

    [Fact]
    public void Bytes_after_no_acceptable_methods_are_trailing()
    {
        var d = Dissector.Dissect(Wire.Concat(Wire.Of(new Socks5MethodSelection(0xFF)), [0x05, 0x00]), DissectRole.Server, DissectPhase.Auto);
        Assert.Single(d.Messages);
        Assert.Equal(new DissectedRest(RestKind.Trailing, 2, 2, "bytes after SOCKS5 method selection ended the dialog"), d.Rest);
    }

    [Fact]
    public void An_unknown_ATYP_shows_the_fields_up_to_ATYP_the_framing_error_and_the_rest_as_undecodable()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5Greeting(0x00)), Wire.Of(new Socks5Request(Socks5Command.Connect, new SocksAddress(0x07, [1, 2, 3, 4]), 80)));
        var d = Dissector.Dissect(bytes, DissectRole.Client, DissectPhase.Auto);
        var request = d.Messages[1];
        Assert.Equal(FramingError.UnknownAddressType, request.FramingError);
        Assert.Equal(["VER", "CMD", "RSV", "ATYP"], request.Fields.Select(f => f.Name));
        Assert.Equal("07 unknown address type", request.Fields[3].Value);
        Assert.Equal(new DissectedRest(RestKind.Undecodable, 3 + 4, bytes.Length - 7, "undecodable after UnknownAddressType"), d.Rest);
    }

    [Fact]
    public void A_USERID_over_the_bound_shows_the_fixed_header_and_the_framing_error()
    {
        var header = Wire.Of(new Socks4Request(Socks4Command.Connect, 0x7F000001, 80))[..8];
        var d = Dissector.Dissect(Wire.Concat(header, Enumerable.Repeat((byte)'u', 300).ToArray()), DissectRole.Client, DissectPhase.Auto);
        Assert.Equal(FramingError.UserIdTooLong, d.Messages[0].FramingError);
        Assert.Equal(["VN", "CD", "DSTPORT", "DSTIP"], d.Messages[0].Fields.Select(f => f.Name));
        Assert.Equal(RestKind.Undecodable, d.Rest?.Kind);
    }

    [Fact]
    public void A_truncated_request_is_reported_as_an_incomplete_rest()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5Greeting(0x00)), Wire.Of(new Socks5Request(Socks5Command.Connect, Loopback, 80))[..6]);
        var d = Dissector.Dissect(bytes, DissectRole.Client, DissectPhase.Auto);
        Assert.Single(d.Messages);
        Assert.Equal(new DissectedRest(RestKind.Incomplete, 3, 6, $"incomplete {Socks5Request.Name}: 6 bytes, more needed"), d.Rest);
    }

    [Fact]
    public void A_broken_rule_comes_with_its_requirement_ID()
    {
        var request = new Socks5Request(Socks5Command.Connect, Loopback, 80) { Rsv = 1 };
        var d = Dissector.Dissect(Wire.Of(request), DissectRole.Client, DissectPhase.Request);
        Assert.Equal([new DissectedViolation(SocksViolation.RequestReservedNotZero, "S5-REQ-03")], d.Messages[0].Violations);
        Assert.False(d.IsClean);
    }

    [Fact]
    public void Peer_controlled_text_is_escaped_in_every_field_value()
    {
        var hostile = "<script>\u001b[31m\\";
        var request = new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain(hostile), 80);
        var d = Dissector.Dissect(Wire.Of(request), DissectRole.Client, DissectPhase.Request);
        string value = d.Messages[0].Fields.Single(f => f.Name == "DST.ADDR").Value;
        Assert.Equal("\"<script>\\x1B[31m\\x5C\"", value);
        Assert.DoesNotContain(d.Messages[0].Fields, f => f.Value.Any(char.IsControl));
    }

    [Fact]
    public void A_password_is_shown_as_its_length_in_fields_text_and_JSON()
    {
        var input = ClientHandshake();
        var d = Dissector.Dissect(input, DissectRole.Client, DissectPhase.Auto);
        Assert.Equal("<9 bytes>", d.Messages[1].Fields.Single(f => f.Name == "PASSWD").Value);
        Assert.DoesNotContain("s3cret", DissectionText.Render(d, input));
        Assert.DoesNotContain(Convert.ToHexString(Encoding.ASCII.GetBytes("s3cret")), DissectionText.Render(d, input));
        Assert.DoesNotContain("s3cret", JsonSerializer.Serialize(d));
    }

    public static TheoryData<DissectPhase, DissectRole, byte[], string> ExplicitPhases() => new()
    {
        { DissectPhase.Greeting, DissectRole.Client, Wire.Of(new Socks5Greeting(0x00)), Socks5Greeting.Name },
        { DissectPhase.MethodSelection, DissectRole.Server, Wire.Of(new Socks5MethodSelection(0x00)), Socks5MethodSelection.Name },
        { DissectPhase.UserPassRequest, DissectRole.Client, Wire.Of(new UsernamePasswordRequest("u", "p")), UsernamePasswordRequest.Name },
        { DissectPhase.UserPassResponse, DissectRole.Server, Wire.Of(new UsernamePasswordResponse(0)), UsernamePasswordResponse.Name },
        { DissectPhase.Request, DissectRole.Client, Wire.Of(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.IPv4Any, 0)), Socks5Request.Name },
        { DissectPhase.Reply, DissectRole.Server, Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, Loopback, 1)), Socks5Reply.Name },
        { DissectPhase.Udp, DissectRole.Client, Wire.Of(new Socks5UdpHeader(Loopback, 53)), Socks5UdpHeader.Name },
        { DissectPhase.Socks4Request, DissectRole.Client, Wire.Of(new Socks4Request(Socks4Command.Bind, 0x7F000001, 21)), Socks4Request.Name },
        { DissectPhase.Socks4Reply, DissectRole.Server, Wire.Of(new Socks4Reply(Socks4Cd.RequestRejectedOrFailed)), Socks4Reply.Name },
        { DissectPhase.GssApi, DissectRole.Client, Wire.Of(new GssApiMessage(1, 4)), GssApiMessage.Name },
    };

    [Theory, MemberData(nameof(ExplicitPhases))]
    public void An_explicit_phase_dissects_its_own_message_cleanly(DissectPhase phase, DissectRole role, byte[] bytes, string name)
    {
        var d = Dissector.Dissect(bytes, role, phase);
        Assert.Equal(name, Assert.Single(d.Messages).Name);
        Assert.Equal(bytes.Length, d.Messages[0].Length);
        Assert.True(d.Messages[0].IsClean);
        Assert.Null(d.Rest);
    }

    [Fact]
    public void A_UDP_datagram_is_its_header_and_then_its_payload_as_data()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5UdpHeader(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), 53, 0x81)), Http);
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Udp);
        Assert.Equal("81 fragment 1, end of sequence", d.Messages[0].Fields.Single(f => f.Name == "FRAG").Value);
        Assert.Equal(new DissectedRest(RestKind.Data, bytes.Length - Http.Length, Http.Length, "DATA, the datagram's payload"), d.Rest);
    }

    [Fact]
    public void A_greeting_offering_only_GSSAPI_is_followed_by_GSSAPI_messages()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5Greeting(0x01)), Wire.Of(new GssApiMessage(1, 3)), Wire.Of(new GssApiMessage(2, 1)));
        var d = Dissector.Dissect(bytes, DissectRole.Client, DissectPhase.Auto);
        Assert.Equal([Socks5Greeting.Name, GssApiMessage.Name, GssApiMessage.Name], d.Messages.Select(m => m.Name));
        Assert.Null(d.Rest);
    }

    [Fact]
    public void A_first_byte_that_starts_no_known_message_makes_everything_undecodable()
    {
        var d = Dissector.Dissect([0x16, 0x03, 0x01], DissectRole.Client, DissectPhase.Auto);
        Assert.Empty(d.Messages);
        Assert.Equal(new DissectedRest(RestKind.Undecodable, 0, 3, "first byte 16 starts no known client message"), d.Rest);
    }

    [Fact]
    public void Empty_input_has_no_messages_and_is_clean()
    {
        var d = Dissector.Dissect([], DissectRole.Server, DissectPhase.Auto);
        Assert.Empty(d.Messages);
        Assert.Null(d.Rest);
        Assert.True(d.IsClean);
    }

    [Fact]
    public void A_server_reply_with_VN_4_is_read_as_a_SOCKS4_reply_that_breaks_S4_REP_02()
    {
        var d = Dissector.Dissect(Wire.Of(new Socks4Reply(Socks4Cd.RequestGranted) { Vn = 4 }), DissectRole.Server, DissectPhase.Auto);
        Assert.Equal([DissectedViolation.Of(SocksViolation.Socks4ReplyVersionNotZero)], d.Messages[0].Violations);
        Assert.Equal("S4-REP-02", d.Messages[0].Violations[0].RequirementId);
    }

    [Fact]
    public void A_known_CONNECT_command_reads_reply_like_data_after_the_reply_as_data()
    {
        var bytes = ServerBindDialog();
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Auto, (byte)Socks5Command.Connect);
        Assert.Equal(2, d.Messages.Count);
        Assert.Equal(RestKind.Data, d.Rest?.Kind);
    }

    [Fact]
    public void A_known_BIND_command_reads_a_second_reply_even_when_it_breaks_a_rule()
    {
        var bytes = Wire.Concat(
            Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, Loopback, 40000)),
            Wire.Of(new Socks5Reply(Socks5Rep.Succeeded, Loopback, 40001) { Rsv = 1 }));
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Reply, (byte)Socks5Command.Bind);
        Assert.Equal(2, d.Messages.Count);
        Assert.Equal(SocksViolation.ReplyReservedNotZero, Assert.Single(d.Messages[1].Violations).Violation);
    }
}
