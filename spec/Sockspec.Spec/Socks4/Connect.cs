using System.Net;
using System.Text;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Socks4;

/// <summary>SOCKS4 CONNECT: request layout, USERID, the 8-byte reply and the close after a reject.</summary>
internal static class Connect
{
    private const string Section = "SOCKS4";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("socks4/connect/echo", Section, "CONNECT to the echo fixture is granted and relays")
            .Checks(Specified, "S4-REQ-01", "S4-CONN-02", "S4-CONN-03").NeedsOnly(Features.Socks4).Sends("04 01 port 127.0.0.1 USERID 00")
            .Accept(Pass, Expect.Granted)
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho(), ct));

        yield return Case("socks4/connect/reply-vn-0", Section, "the reply's VN is 0 (not 4)")
            .Checks(Specified, "S4-REP-02").NeedsOnly(Features.Socks4).Sends("CONNECT to echo")
            .Accept(Pass, new Outcome("VN 0", o => o.Is<Socks4Reply>(r => r.Vn == 0)))
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho(), ct, relay: false));

        yield return Case("socks4/connect/reply-8-bytes", Section, "the reply is exactly 8 bytes: nothing more before the relayed data")
            .Checks(Specified, "S4-REP-01").NeedsOnly(Features.Socks4).Sends("CONNECT to echo, then a token")
            .Accept(Pass, new Outcome("8-byte reply then the echoed token", o => o.Is<Socks4Reply>(r => r.Cd == 90) && o.Relayed == true))
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho(), ct));

        // "The SOCKS server ... sends a reply packet" when the operation fails: CD 91. A bare close (OpenSSH) fails; CD
        // 92/93 (identd trouble) is a defined but less fitting code. The close is reject-closes-promptly's to judge.
        yield return Case("socks4/connect/closed-port", Section, "CONNECT to a closed port is rejected (91), never granted")
            .Checks(Specified, "S4-CONN-02", "S4-REP-03").NeedsOnly(Features.Socks4).Sends("CONNECT 127.0.0.1:closed")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { DstPort = (ushort)c.Fixtures.ClosedPort.Port }, ct));

        yield return Case("socks4/connect/reject-closes-promptly", Section, "after a reject the server closes at once (within 10 s here)")
            .Checks(Specified, "S4-CLOSE-01").NeedsOnly(Features.Socks4).Sends("CONNECT 127.0.0.1:closed")
            // A bare close is no reject but it is a close: the missing reply is closed-port's failure, not counted here.
            .Accept(Pass, new Outcome("closed within 2 s of the reject", o => Expect.Socks4Reject().Matches(o) && o.ClosedWithin(TimeSpan.FromSeconds(2))), Expect.BareClose)
            .Accept(NonStrict, Expect.Socks4RejectThenClose())
            .Accept(Informational, new Outcome("a grant instead of a reject (socks4/connect/closed-port's failure)", o => o.Is<Socks4Reply>(r => r.Cd == 90)))
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { DstPort = (ushort)c.Fixtures.ClosedPort.Port }, ct));

        foreach (byte cd in new byte[] { 0x00, 0x03, 0x80, 0xFF })
        {
            yield return Case($"socks4/connect/cd-{cd:x2}", Section, $"unknown CD {cd:X2} is rejected")
                .Checks(Specified, "S4-REQ-02").NeedsOnly(Features.Socks4).Sends($"04 {cd:X2} port 127.0.0.1 USERID 00")
                .Accept(Pass, Expect.Socks4Rejected)
                .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
                .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { Cd = cd }, ct));
        }

        yield return Case("socks4/connect/port-0", Section, "CONNECT to port 0 is rejected")
            .Checks(Specified, "S4-CONN-02").NeedsOnly(Features.Socks4).Sends("CONNECT 127.0.0.1:0")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { DstPort = 0 }, ct));

        yield return Case("socks4/connect/userid-empty", Section, "an empty USERID (a lone NUL) gets a well-formed reply")
            .Checks(Specified, "S4-REQ-03").NeedsOnly(Features.Socks4).Sends("CONNECT to echo with USERID \"\"")
            .Accept(Pass, Expect.Granted, Expect.Socks4Reject())
            .Run((c, ct) => c.Socks4Async(new Socks4Request(Socks4Command.Connect, CaseContext.Ipv4(IPAddress.Loopback), c.EchoPort, ""), ct));

        yield return Case("socks4/connect/userid-255", Section, "a 255-byte USERID gets a well-formed reply")
            .Checks(Specified, "S4-REQ-03").NeedsOnly(Features.Socks4).Sends("CONNECT to echo with a 255-byte USERID")
            .Accept(Pass, Expect.Granted, Expect.Socks4Reject())
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { UserId = ShortBytes.FromAscii(new string('u', 255)) }, ct));

        foreach (int len in new[] { 1024, 8192 })
        {
            yield return Case($"socks4/connect/userid-{len}", Section, $"a {len}-byte USERID is rejected cleanly or served, never hangs")
                .Checks(Specified, "S4-REQ-03").NeedsOnly(Features.Socks4).Sends($"CONNECT to echo with a {len}-byte USERID")
                // USERID has no stated limit: a server may refuse a long one, with a reply, or serve it.
                .Accept(Pass, Expect.Socks4Reject(), Expect.Granted)
                .Run((c, ct) => c.Socks4RawAsync(LongUserId(c, len), ct));
        }

        yield return Case("socks4/connect/missing-nul-then-fin", Section, "a request without USERID's NUL, then FIN, is not granted")
            .Checks(Specified, "S4-REQ-03").NeedsOnly(Features.Socks4).Sends("04 01 port 127.0.0.1 \"sockspec\" (no NUL), then FIN")
            // No request ever arrived whole, so no reply is defined for it: a reject or a close are both right.
            .Accept(Pass, Expect.Socks4RefusedOrClosed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendAsync(CaseContext.WithoutLastNul(c.Socks4ConnectEcho()), ct);
                conn.ShutdownSend();
                return await c.Socks4ReplyAsync(conn, ct);
            });

        yield return Case("socks4/connect/missing-nul-waits", Section, "a request without USERID's NUL is waited for, not granted")
            .Checks(Specified, "S4-REQ-03").NeedsOnly(Features.Socks4).Sends("04 01 port 127.0.0.1 \"sockspec\" (no NUL), then nothing")
            .Accept(Pass, Expect.Silent, Expect.Socks4RefusedOrClosed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendAsync(CaseContext.WithoutLastNul(c.Socks4ConnectEcho()), ct);
                return new Observation { Step = "reply", Read = await conn.ReadMessageAsync<Socks4Reply>(c.Silence, ct) };
            });

        yield return Case("socks4/connect/dstip-0", Section, "DSTIP 0.0.0.0 (no 4a marker) is not a destination")
            .Checks(Specified, "S4A-06").NeedsOnly(Features.Socks4).Sends("04 01 echo-port 0.0.0.0 USERID 00")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.AnyGrant, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4ConnectEcho() with { DstIp = 0 }, ct, relay: false));

        yield return Case("socks4/connect/dstip-0-with-name", Section, "0.0.0.0 followed by a hostname is not treated as SOCKS4a")
            .Checks(Specified, "S4A-06").NeedsOnly(Features.Socks4).Sends("04 01 echo-port 0.0.0.0 USERID 00 \"localhost\" 00")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.AnyGrant, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4RawAsync(
                [.. CaseContext.Bytes(c.Socks4ConnectEcho() with { DstIp = 0 }), .. Encoding.ASCII.GetBytes("localhost"), 0], ct, relay: false));

        yield return Case("socks4/connect/split-bytewise", Section, "a request sent one byte per segment is read whole")
            .Checks(Specified, "S4-GEN-01", "S4-REQ-01").NeedsOnly(Features.Socks4).Sends("CONNECT to echo, one byte per write")
            .Accept(Pass, Expect.Granted)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.Socks4ConnectEcho()), 1, TimeSpan.FromMilliseconds(5), ct);
                return await c.Socks4ReplyAsync(conn, ct);
            });

        yield return Case("socks4/connect/pipelined-data", Section, "data sent right behind the request is relayed, not lost")
            .Checks(Should, "S4-GEN-01").NeedsOnly(Features.Socks4).Sends("CONNECT to echo and a token in one segment")
            .Accept(Pass, Expect.FactHolds("echoed", "reply 90, then the token echoed"))
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                var token = CaseContext.Token();
                await conn.SendAsync(CaseContext.Concat(CaseContext.Bytes(c.Socks4ConnectEcho()), token), ct);
                var reply = await conn.ReadMessageAsync<Socks4Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Cd != 90) return new Observation { Step = "reply", Read = reply };
                var (got, _) = await conn.ReadExactlyAsync(token.Length, null, ct);
                return new Observation { Step = "reply", Read = reply, Facts = { ["echoed"] = got.AsSpan().SequenceEqual(token) } };
            });

        yield return Case("socks4/connect/server-speaks-first", Section, "after the grant the destination's first bytes arrive intact")
            .Checks(Specified, "S4-CLOSE-01", "S5-DATA-03").NeedsOnly(Features.Socks4).Sends("CONNECT to the speaks-first fixture")
            .Accept(Pass, Expect.FactHolds("banner", "reply 90, then the banner"))
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendAsync(c.Socks4ConnectEcho() with { DstPort = (ushort)c.Fixtures.SpeaksFirst.Port }, ct);
                var reply = await conn.ReadMessageAsync<Socks4Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Cd != 90) return new Observation { Step = "reply", Read = reply };
                var (got, _) = await conn.ReadExactlyAsync(c.Fixtures.Banner.Length, null, ct);
                return new Observation { Step = "reply", Read = reply, Facts = { ["banner"] = got.AsSpan().SequenceEqual(c.Fixtures.Banner) } };
            });
    }

    /// <summary>A CONNECT to echo whose USERID is <paramref name="length"/> bytes: the codec writes the first 255, the rest follows.</summary>
    private static byte[] LongUserId(CaseContext c, int length)
    {
        var head = CaseContext.WithoutLastNul(c.Socks4ConnectEcho() with { UserId = ShortBytes.FromAscii(new string('u', 255)) });
        return [.. head, .. Enumerable.Repeat((byte)'u', length - 255), 0];
    }

    /// <summary>SOCKS4 CONNECT from the client's side: the request, and every kind of reply.</summary>
    internal static class Clients
    {
        private static ClientCase Refused(byte cd, string meaning) =>
            S4($"client/s4/rep/{cd}", $"CD {cd} ({meaning}) is a failure")
                .Checks(Specified, "C4-REP-01")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks4Refuse(ScriptSession.Socks4Reply(0, cd), $"replied CD {cd} ({meaning})"));

        private static ClientCase Fetch(string id, string title, string[] reqs, byte[] reply, Delivery delivery = Delivery.Whole) =>
            S4(id, title)
                .Checks(Specified, reqs)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Scripts.Socks4Serve(reply, delivery));

        public static IEnumerable<ClientCase> All =>
        [
            S4("client/s4/request/well-formed", "The request is VN 4, CD 1, the target's port and address, USERID and one NUL")
                .Checks(Specified, "C4-REQ-01")
                .Accept(Fail, Did.Break(Checks.Request4))
                .Otherwise(Pass)
                .Serve(Scripts.Socks4Serve()),

            S4("client/s4/connect/baseline", "Through a well-behaved server the client fetches the body")
                .Checks(Specified, "C4-REQ-01")
                .Accept(Fail, Did.Break(Checks.Request4))
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Scripts.Socks4Serve()),

            Refused(91, "rejected or failed"),
            Refused(92, "identd unreachable"),
            Refused(93, "identd user-id mismatch"),
            Refused(0, "unassigned"),
            Refused(94, "unassigned"),
            Refused(255, "unassigned"),

            S4("client/s4/reply/vn-4", "A reply with VN 4 instead of 0 is accepted leniently or refused clearly")
                .Checks(May, "C4-REP-02")
                .Accept(Informational, Did.Fetch.Named("accepted a reply with VN 4"))
                .Accept(NonStrict, Did.Hang)
                .Accept(Fail, Did.SendAfterTrigger.And(Did.NotRelay))
                .Accept(Informational, Did.GiveUp.Named("refused a reply with VN 4"))
                .Serve(Scripts.Socks4Serve(ScriptSession.Socks4Reply(4, 90))),

            Fetch("client/s4/reply/fields-ignored", "DSTPORT and DSTIP of a CONNECT reply are ignored (here 10.1.2.3:4660)",
                ["S4-REP-04"], ScriptSession.Socks4Reply(0, 90, 0x1234, 0x0A010203)),

            Fetch("client/s4/reply/bytewise", "A reply arriving one octet per segment is assembled", ["C4-REP-03"],
                ScriptSession.Socks4Reply(0, 90), Delivery.Bytewise),

            S4("client/s4/reply/slow", "A reply that comes 500 ms after the request is waited for")
                .Checks(Specified, "C4-REP-03")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(async s =>
                {
                    if (!await s.Socks4UpToRequestAsync()) return;
                    await Task.Delay(500, s.Context.Cancel);
                    await s.ServeAsync(ScriptSession.Socks4Reply(0, 90));
                }),

            Fetch("client/s4/reply/with-data", "Data right behind the 8-octet reply reaches the application", ["C4-REP-03"],
                ScriptSession.Socks4Reply(0, 90), Delivery.WithResponse),

            S4("client/s4/reply/truncated", "A reply cut after 4 octets does not hang the client, nor pass for a reply")
                .Checks(Should, "C4-REP-04", "C4-REP-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks4Silence([0, 90, 0, 0], "sent 4 octets of the 8-octet reply and then nothing")),

            S4("client/s4/reply/silent", "A server that never replies does not hang the client")
                .Checks(Should, "C4-REP-04")
                .Accept(Fail, Did.Fetch)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks4Silence([], "never replied to the request")),

            S4("client/s4/reply/close", "A server that closes without a reply makes the client fail")
                .Checks(Should, "C4-REP-04")
                .Accept(Fail, Did.Fetch)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.Socks4UpToRequestAsync()) return;
                    await s.CloseAfterAsync(Array.Empty<byte>(), "closed without a reply");
                }),
        ];
    }
}
