using System.Net;
using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>
/// RFC 1928 §6 BIND from the client's side: two replies, then the peer's data. Only clients that issue BIND take part
/// (the in-process reference client); a client that sends CONNECT is skipped.
/// </summary>
internal static class S6_Bind
{
    private static ServerScript TwoReplies(bool oneSegment, bool ipv6 = false) => async s =>
    {
        if (!await s.Socks5UpToRequestAsync()) return;
        if (s.Request5!.Message.Cmd != 2)
        {
            await s.MarkNotApplicableAsync($"the client sent CMD X'{s.Request5.Message.Cmd:X2}', not BIND");
            return;
        }
        // IPv6: both replies carry ATYP 04 (22 bytes each), the listening socket's and the peer's address.
        var first = Scripts.Reply5(0, ipv6 ? SocksAddress.FromIPAddress(IPAddress.IPv6Loopback) : Scripts.Ipv4(127, 0, 0, 1), 40001);
        var second = Scripts.Reply5(0, ipv6 ? SocksAddress.FromIPAddress(IPAddress.Parse("2001:db8::3")) : Scripts.Ipv4(127, 0, 0, 3), 40002);
        if (oneSegment)
        {
            s.Relayed = await s.SendAsync(first.Concat(second).ToArray(), Delivery.WithResponse);
        }
        else
        {
            if (!await s.SendAsync(first)) return;
            await Task.Delay(150, s.Context.Cancel);
            s.Relayed = await s.SendAsync(second, Delivery.WithResponse);
        }
        await s.FinishAsync();
    };

    private static ServerScript Socks4TwoReplies => async s =>
    {
        if (!await s.Socks4UpToRequestAsync()) return;
        if (s.Request4!.Message.Cd != 2)
        {
            await s.MarkNotApplicableAsync($"the client sent CD {s.Request4.Message.Cd}, not BIND");
            return;
        }
        if (!await s.SendAsync(ScriptSession.Socks4Reply(0, 90, 40001, 0x7F000001))) return;
        await Task.Delay(150, s.Context.Cancel);
        s.Relayed = await s.SendAsync(ScriptSession.Socks4Reply(0, 90, 40002, 0x7F000003), Delivery.WithResponse);
        await s.FinishAsync();
    };

    public static IEnumerable<ClientCase> All =>
    [
        S5("client/s5/bind/two-replies", "§6", "After BIND the client reads both replies and then the peer's data",
            ["C5-BIND-01"], Specified, "the client receives the peer's data (the body) after the second reply",
            TwoReplies(oneSegment: false), Graders.MustFetch()) with { Command = ClientCommand.Bind },

        S5("client/s5/bind/two-replies-one-segment", "§6", "Both BIND replies and the peer's data in one segment are read apart",
            ["C5-BIND-01", "C5-REP-05"], Specified, "the client receives the peer's data (the body)",
            TwoReplies(oneSegment: true), Graders.MustFetch()) with { Command = ClientCommand.Bind },

        S5("client/s5/bind/two-replies-ipv6", "§6", "After BIND the client reads two replies with IPv6 addresses (ATYP 04) and then the peer's data",
            ["C5-BIND-01", "C5-REP-03"], Specified, "the client receives the peer's data (the body) after the second reply",
            TwoReplies(oneSegment: false, ipv6: true), Graders.MustFetch()) with { Command = ClientCommand.Bind },

        S4("client/s4/bind/two-replies", "After a SOCKS4 BIND the client reads the second reply and then the peer's data",
            ["C4-BIND-01"], Specified, "the client receives the peer's data (the body)",
            Socks4TwoReplies, Graders.MustFetch()) with { Command = ClientCommand.Bind },
    ];
}
