using Sockspec.ClientSpec.Harness;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Socks4;

/// <summary>SOCKS4 CONNECT from the client's side: the request, and every kind of reply.</summary>
internal static class Connect
{
    private static ClientCase Refused(byte cd, string meaning) =>
        S4($"client/s4/rep/{cd}", $"CD {cd} ({meaning}) is a failure", ["C4-REP-01"], Specified,
            "no application data and no fetch; close or wait for the server to close",
            Scripts.Socks4Refuse(ScriptSession.Socks4Reply(0, cd), $"replied CD {cd} ({meaning})"), Graders.MustRefuse());

    private static ClientCase Fetch(string id, string title, string[] reqs, byte[] reply, Delivery delivery = Delivery.Whole) =>
        S4(id, title, reqs, Specified, "the client fetches the body", Scripts.Socks4Serve(reply, delivery), Graders.MustFetch());

    public static IEnumerable<ClientCase> All =>
    [
        S4("client/s4/request/well-formed", "The request is VN 4, CD 1, the target's port and address, USERID and one NUL",
            ["C4-REQ-01"], Specified, "a request that frames with VN 4, CD 1, the target's DSTPORT, a loopback DSTIP or a 4a marker, one NUL after USERID",
            Scripts.Socks4Serve(), Graders.Sent(Checks.Request4)),

        S4("client/s4/connect/baseline", "Through a well-behaved server the client fetches the body",
            ["C4-REQ-01"], Specified, "the client fetches the body", Scripts.Socks4Serve(), Graders.MustFetch(Checks.Request4)),

        Refused(91, "rejected or failed"),
        Refused(92, "identd unreachable"),
        Refused(93, "identd user-id mismatch"),
        Refused(0, "unassigned"),
        Refused(94, "unassigned"),
        Refused(255, "unassigned"),

        S4("client/s4/reply/vn-4", "A reply with VN 4 instead of 0 is accepted leniently or refused clearly",
            ["C4-REP-02"], May, "either: fetch (VN ignored) or a refusal; recorded as informational",
            Scripts.Socks4Serve(ScriptSession.Socks4Reply(4, 90)),
            Graders.EitherWay("accepted a reply with VN 4", "refused a reply with VN 4")),

        Fetch("client/s4/reply/fields-ignored", "DSTPORT and DSTIP of a CONNECT reply are ignored (here 10.1.2.3:4660)",
            ["S4-REP-04"], ScriptSession.Socks4Reply(0, 90, 0x1234, 0x0A010203)),

        Fetch("client/s4/reply/bytewise", "A reply arriving one octet per segment is assembled", ["C4-REP-03"],
            ScriptSession.Socks4Reply(0, 90), Delivery.Bytewise),

        S4("client/s4/reply/slow", "A reply that comes 500 ms after the request is waited for",
            ["C4-REP-03"], Specified, "the client fetches the body",
            async s =>
            {
                if (!await s.Socks4UpToRequestAsync()) return;
                await Task.Delay(500, s.Context.Cancel);
                await s.ServeAsync(ScriptSession.Socks4Reply(0, 90));
            },
            Graders.MustFetch()),

        Fetch("client/s4/reply/with-data", "Data right behind the 8-octet reply reaches the application", ["C4-REP-03"],
            ScriptSession.Socks4Reply(0, 90), Delivery.WithResponse),

        S4("client/s4/reply/truncated", "A reply cut after 4 octets does not hang the client, nor pass for a reply",
            ["C4-REP-04", "C4-REP-03"], Should, "no application data; the client gives up by itself before the deadline",
            Scripts.Socks4Silence([0, 90, 0, 0], "sent 4 octets of the 8-octet reply and then nothing"),
            Graders.MustGiveUp(dataAfterIsWrong: true)),

        S4("client/s4/reply/silent", "A server that never replies does not hang the client",
            ["C4-REP-04"], Should, "the client gives up by itself before the deadline",
            Scripts.Socks4Silence([], "never replied to the request"), Graders.MustGiveUp(dataAfterIsWrong: false)),

        S4("client/s4/reply/close", "A server that closes without a reply makes the client fail",
            ["C4-REP-04"], Should, "the client ends without the body before the deadline",
            async s =>
            {
                if (!await s.Socks4UpToRequestAsync()) return;
                await s.CloseAfterAsync(Array.Empty<byte>(), "closed without a reply");
            },
            Graders.MustGiveUp(dataAfterIsWrong: false)),
    ];
}
