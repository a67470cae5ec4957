using System.Net;
using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>RFC 1928 §5-§6: success replies of every BND form, split, coalesced with data, short, silent or malformed.</summary>
internal static class S6_ReplyForms
{
    private static readonly SocksAddress Bnd1 = SocksAddress.FromDomain("b");
    private static readonly SocksAddress Bnd255 = SocksAddress.FromDomain(TargetNames.OfLength(255));

    private static byte[] Ok(SocksAddress bnd, ushort port = 1080) => Scripts.Reply5(0, bnd, port);

    private static ClientCase Fetch(string id, string title, string[] reqs, byte[] reply, Delivery delivery = Delivery.Whole) =>
        S5(id, "§6", title, reqs, Specified, "the client fetches the body",
            Scripts.Socks5Serve(_ => reply, delivery), Graders.MustFetch());

    /// <summary>Sends <paramref name="reply"/> in two sends split at <paramref name="at"/>, with a pause between.</summary>
    private static ServerScript SplitAt(byte[] reply, int at) => async s =>
    {
        if (!await s.Socks5UpToRequestAsync()) return;
        if (!await s.SendAsync(reply[..at])) return;
        await Task.Delay(100, s.Context.Cancel);
        await s.ServeAsync(reply[at..]);
    };

    public static IEnumerable<ClientCase> All =>
    [
        Fetch("client/s5/reply/bnd-domain-1", "A success reply with a 1-octet domain BND is read whole", ["C5-REP-03"], Ok(Bnd1)),
        Fetch("client/s5/reply/bnd-domain-255", "A success reply with a 255-octet domain BND is read whole", ["C5-REP-03"], Ok(Bnd255)),
        Fetch("client/s5/reply/bnd-ipv6", "A success reply with an IPv6 BND (ATYP 04) is read whole", ["C5-REP-03"],
            Ok(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback))),
        Fetch("client/s5/reply/bnd-ipv4-mapped", "A success reply with a v4-mapped IPv6 BND is read whole", ["C5-REP-03"],
            Ok(SocksAddress.FromIPAddress(IPAddress.Parse("::ffff:127.0.0.1")))),
        Fetch("client/s5/reply/bnd-unspecified", "A success reply with BND 0.0.0.0:0 (common in servers) is accepted", ["C5-REP-03"],
            Ok(SocksAddress.IPv4Any, 0)),
        Fetch("client/s5/reply/bnd-other-address", "A BND unlike the address dialled (the server's outbound side) is accepted", ["C5-REP-03", "S5-CONN-01"],
            Ok(Scripts.Ipv4(127, 0, 0, 2), 40000)),

        Fetch("client/s5/reply/bytewise", "A success reply arriving one octet per segment is assembled", ["C5-REP-04"],
            Ok(Scripts.Ipv4(127, 0, 0, 1)), Delivery.Bytewise),
        Fetch("client/s5/reply/bytewise-domain-bnd", "A domain-BND reply arriving one octet per segment is assembled", ["C5-REP-04"],
            Ok(SocksAddress.FromDomain("bound.localhost")), Delivery.Bytewise),
        S5("client/s5/reply/split-at-length-octet", "§6", "A reply split right after ATYP 03 (before the length octet) is assembled",
            ["C5-REP-04"], Specified, "the client fetches the body",
            SplitAt(Ok(SocksAddress.FromDomain("bound.localhost")), 4), Graders.MustFetch()),

        S5("client/s5/reply/slow", "§6", "A reply that comes 500 ms after the request (a slow upstream connect) is waited for",
            ["C5-REP-04"], Specified, "the client fetches the body",
            async s =>
            {
                if (!await s.Socks5UpToRequestAsync()) return;
                await Task.Delay(500, s.Context.Cancel);
                await s.ServeAsync(s.SuccessReply());
            },
            Graders.MustFetch()),

        Fetch("client/s5/reply/with-data", "Data right behind the reply in the same segment reaches the application", ["C5-REP-05"],
            Ok(Scripts.Ipv4(127, 0, 0, 1)), Delivery.WithResponse),
        Fetch("client/s5/reply/domain-bnd-with-data", "Data right behind a domain-BND reply is not eaten as part of BND", ["C5-REP-05", "C5-REP-03"],
            Ok(SocksAddress.FromDomain("bound.localhost")), Delivery.WithResponse),
        Fetch("client/s5/reply/ipv6-bnd-with-data", "Data right behind an IPv6-BND reply is not eaten as part of BND", ["C5-REP-05", "C5-REP-03"],
            Ok(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback)), Delivery.WithResponse),

        S5("client/s5/reply/wrong-version", "§6", "A reply with VER X'04' is rejected",
            ["C5-REP-02"], Specified, "no application data and no fetch",
            Scripts.Socks5Refuse(Scripts.Reply5(0, Scripts.Ipv4(127, 0, 0, 1), 1080, ver: 4), "replied VER X'04' REP X'00'"),
            Graders.MustRefuse()),

        S5("client/s5/reply/rsv-nonzero", "§6", "A success reply with RSV X'FF' may be accepted or rejected (the RFC fixes RSV for the server only)",
            ["C5-REP-07"], May, "either: fetch (RSV ignored) or refuse; recorded as informational",
            Scripts.Socks5Serve(_ => Scripts.Reply5(0, Scripts.Ipv4(127, 0, 0, 1), 1080, rsv: 0xFF)),
            Graders.EitherWay("ignored RSV X'FF'", "rejected RSV X'FF'")),

        S5("client/s5/reply/unknown-atyp", "§5", "A success reply with ATYP X'02' cannot be framed: the client refuses",
            ["C5-REP-03"], Specified, "no application data and no fetch",
            Scripts.Socks5Refuse([5, 0, 0, 2, 127, 0, 0, 1, 0x04, 0x38], "replied REP X'00' with ATYP X'02' (unassigned)"),
            Graders.MustRefuse()),

        S5("client/s5/reply/truncated", "§6", "A reply cut after 3 octets (05 00 00) does not hang the client, nor pass for a reply",
            ["C5-REP-06", "C5-REP-03"], Should, "no application data; the client gives up by itself before the deadline",
            Scripts.Socks5Silence([5, 0, 0], "sent 05 00 00 (3 octets of the reply) and then nothing"),
            Graders.MustGiveUp(dataAfterIsWrong: true)),

        S5("client/s5/reply/truncated-bnd", "§6", "A reply cut inside BND.ADDR does not hang the client, nor pass for a reply",
            ["C5-REP-06", "C5-REP-03"], Should, "no application data; the client gives up by itself before the deadline",
            Scripts.Socks5Silence([5, 0, 0, 1, 127, 0], "sent 6 octets of a 10-octet reply and then nothing"),
            Graders.MustGiveUp(dataAfterIsWrong: true)),

        S5("client/s5/reply/truncated-then-close", "§6", "A reply cut short by the server's close is a failure",
            ["C5-REP-03"], Specified, "no fetch; the client ends without the body",
            async s =>
            {
                if (!await s.Socks5UpToRequestAsync()) return;
                await s.CloseAfterAsync(new byte[] { 5, 0, 0, 1, 127 }, "sent 5 octets of the reply and closed");
            },
            Graders.MustGiveUp(dataAfterIsWrong: true)),

        S5("client/s5/reply/silent", "§6", "A server that never replies to the request does not hang the client",
            ["C5-REP-06"], Should, "the client gives up by itself before the deadline",
            Scripts.Socks5Silence([], "never replied to the request"),
            // Data sent before any reply is optimistic, not a misread reply: not graded here.
            Graders.MustGiveUp(dataAfterIsWrong: false)),
    ];
}
