using System.Net;
using Sockspec.Runner.Fixtures;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §6: replies (layout, REP codes, BND semantics) and the close after a failure.</summary>
internal static class S6_Replies
{
    private const string Section = "RFC 1928 §6";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/6/success-well-formed", Section, "a success reply has VER 05, RSV 00 and a valid ATYP")
            .Checks(Specified, "S5-REP-01", "S5-REP-02", "S5-REP-04", "S5-REP-05", "S5-ADDR-04").Sends("CONNECT 127.0.0.1:echo")
            .Accept(Pass, Expect.Success)
            .Run((c, ct) => c.RequestAsync(c.ConnectEcho(), ct, relay: false));

        // A success reply is checked for what it claims. 0.0.0.0:0 claims nothing (a common shortcut: non-strict); the
        // proxy's own listening address and port is a false claim, since the outbound socket cannot have it (fail).
        // The echo fixture sees the proxy's outbound socket from the other end (loopback, no NAT), so a specific BND
        // can be checked, not only its shape: a BND that names no connection the destination saw is a made-up one.
        yield return Case("rfc1928/6/success-bnd-is-outbound-address", Section, "the CONNECT reply's BND is the outbound socket's address, not 0.0.0.0:0 nor the proxy's listening address")
            .Checks(Should, "S5-CONN-01").Sends("CONNECT 127.0.0.1:echo")
            .Accept(Fail, Expect.FactHolds("bnd-is-listener", "BND is the proxy's own listening address and port, not its outbound socket's"))
            .Accept(Fail, Expect.FactFails("bnd-is-outbound", "BND names an address and port the destination saw no connection from"))
            .Accept(Pass, new Outcome("BND is the address and port the destination saw the connection come from", o => o.Fact("bnd-is-outbound")))
            .Accept(NonStrict, new Outcome("BND is a name (ATYP 03), which cannot be the outbound socket's address", o => o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndAddr.ToIPAddress() is null)))
            .Accept(NonStrict, new Outcome("BND is 0.0.0.0 / :: or port 0", o => o.Is<Socks5Reply>(r => r.Rep == 0)))
            .Run(async (c, ct) =>
            {
                var o = await c.RequestAsync(c.ConnectEcho(), ct, relay: false);
                if (o.As<Socks5Reply>() is not { Rep: 0 } r || r.BndAddr.ToIPAddress() is not { } ip) return o;
                var facts = new Dictionary<string, bool> { ["bnd-is-listener"] = r.BndPort == c.Target.Port && ip.Equals(c.Target.Address) };
                if (r.BndPort != 0 && !Unspecified(r.BndAddr))
                    facts["bnd-is-outbound"] = await c.Fixtures.Echo.SawPeerAsync(new IPEndPoint(ip, r.BndPort), c.Timeout, ct);
                return new Observation { Step = o.Step, Read = o.Read, Facts = facts };
            });

        // One defect, one failure: a success here is rfc1928/6/no-success-before-connect's failure, the reply's layout
        // failure-full-layout's and the close close-within-10s-refused's; this case judges the code.
        yield return Case("rfc1928/6/closed-port-refused", Section, "CONNECT to a closed port gets REP 05 (refused)")
            .Checks(Specified, "S5-REP-03").Sends("CONNECT 127.0.0.1:closed")
            .Accept(Pass, Expect.FailureReply(0x05))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Accept(Informational, Expect.SuccessInsteadOfFailure)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port), ct));

        yield return Case("rfc1928/6/no-success-before-connect", Section, "success is not sent before the outbound connection exists (OpenSSH, glider)")
            .Checks(Specified, "S5-CONN-03").Sends("CONNECT 127.0.0.1:closed")
            // Anything that is not a success proves the rule, a failure reply cut short included; the missing or
            // imprecise reply is rfc1928/6/closed-port-refused's to judge.
            .Accept(Pass, Expect.AnyFailureReply, Expect.BareClose, Expect.Silent)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port), ct, relay: false));

        yield return Case("rfc1928/6/failure-full-layout", Section, "a failure reply is a full reply with a valid ATYP (not 3 bytes, not ATYP 00)")
            .Checks(Specified, "S5-REP-01", "S5-REP-04").Sends("CONNECT 127.0.0.1:closed")
            // The layout is all this case judges: no reply at all, or a success, is another case's failure.
            .Accept(Pass, new Outcome("a well-formed failure reply", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep != 0)), Expect.BareClose, Expect.Silent)
            .Accept(Informational, Expect.SuccessInsteadOfFailure)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port), ct));

        foreach (var (name, port) in new (string, Func<CaseContext, SocksAddress>)[]
                 {
                     ("refused", c => c.Ipv4Loopback),
                     ("unresolvable", c => SocksAddress.FromDomain(FixtureSet.UnresolvableName)),
                 })
        {
            yield return Case($"rfc1928/6/close-within-10s-{name}", Section, $"after a failure reply ({name}) the server closes within 10 s")
                // A bare close is no failure reply, but it is a close: the missing reply is closed-port-refused's (or
                // domain-unresolvable's) failure, not counted again here.
                .Checks(Must, "S5-CLOSE-01").Sends(name == "refused" ? "CONNECT 127.0.0.1:closed" : "CONNECT sockspec-never-resolves.invalid:closed")
                .Accept(Pass, Expect.AnyFailureThenClose, Expect.BareClose)
                .Accept(Informational, Expect.SuccessInsteadOfFailure)
                .Run((c, ct) => c.RequestAsync(c.Connect(port(c), c.Fixtures.ClosedPort.Port), ct));
        }

        yield return Case("rfc1928/6/close-within-10s-unknown-cmd", Section, "after REP 07 the server closes within 10 s")
            .Checks(Must, "S5-CLOSE-01").Sends("request with CMD=09")
            .Accept(Pass, Expect.AnyFailureThenClose, Expect.BareClose)
            .Accept(Informational, Expect.SuccessInsteadOfFailure)
            .Run((c, ct) => c.RequestAsync(c.ConnectEcho() with { Cmd = 9 }, ct));

        yield return Case("rfc1928/6/close-within-10s-bad-atyp", Section, "after REP 08 the server closes within 10 s")
            .Checks(Must, "S5-CLOSE-01").Sends("CONNECT with ATYP 07")
            .Accept(Pass, Expect.AnyFailureThenClose, Expect.BareClose)
            .Accept(Informational, Expect.SuccessInsteadOfFailure)
            .Run((c, ct) => c.RequestAsync(c.Connect(new SocksAddress(7, [127, 0, 0, 1]), c.EchoPort), ct));

        yield return Case("rfc1928/6/no-data-after-failure", Section, "nothing follows a failure reply but the close")
            .Checks(Must, "S5-CLOSE-01").Sends("CONNECT 127.0.0.1:closed")
            .Accept(Pass, new Outcome("failure reply then close with no further bytes", o => Expect.AnyFailureReply.Matches(o) && o.After is { Closed: true, ExtraBytes.Length: 0 }), Expect.BareClose)
            .Accept(Informational, Expect.SuccessInsteadOfFailure)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port), ct));

        yield return Case("rfc1928/6/reply-then-server-data", Section, "the reply comes first, then the destination's first bytes, intact")
            .Checks(Must, "S5-DATA-03").Sends("CONNECT 127.0.0.1:speaks-first")
            .Accept(Pass, Expect.FactHolds("banner", "the success reply, then the fixture's banner"))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.SpeaksFirst.Port), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
                var (banner, _) = await conn.ReadExactlyAsync(c.Fixtures.Banner.Length, null, ct);
                return new Observation { Step = "reply", Read = reply, Facts = { ["banner"] = banner.AsSpan().SequenceEqual(c.Fixtures.Banner) } };
            });

        yield return Case("rfc1928/6/data-after-success", Section, "after success the client may send data at once and it is relayed")
            .Checks(May, "S5-DATA-03").Sends("CONNECT 127.0.0.1:echo, then 4 KiB")
            .Accept(Pass, Expect.FactHolds("echoed", "all 4 KiB echoed"))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
                var (ok, detail) = await c.EchoCheckAsync(conn, ct, 4096);
                return new Observation { Step = "reply", Read = reply, RelayDetail = detail, Facts = { ["echoed"] = ok } };
            });
    }

    internal static bool Unspecified(SocksAddress a) =>
        a.ToIPAddress() is { } ip && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    /// <summary>RFC 1928 §6: every REP other than X'00' is a failure, the unassigned ones included.</summary>
    internal static class ClientsOfReplyCodes
    {
        private static ClientCase Failure(byte rep, string meaning) =>
            S5($"client/s5/rep/{rep:x2}", "§6", $"REP X'{rep:X2}' ({meaning}) is a failure")
                .Checks(Specified, "C5-REP-01")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Refuse(Scripts.Reply5(rep, Scripts.Ipv4(0, 0, 0, 0), 0), $"replied REP X'{rep:X2}' ({meaning})"));

        public static IEnumerable<ClientCase> All =>
        [
            Failure(0x01, "general failure"),
            Failure(0x02, "not allowed by ruleset"),
            Failure(0x03, "network unreachable"),
            Failure(0x04, "host unreachable"),
            Failure(0x05, "connection refused"),
            Failure(0x06, "TTL expired"),
            Failure(0x07, "command not supported"),
            Failure(0x08, "address type not supported"),
            Failure(0x09, "unassigned"),
            Failure(0x7F, "unassigned"),
            Failure(0x80, "unassigned, high bit set"),
            Failure(0xFF, "unassigned"),

            S5("client/s5/rep/failure-domain-bnd", "§6", "A failure reply with a domain BND is still a failure, read whole")
                .Checks(Specified, "C5-REP-01")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Refuse(Scripts.Reply5(0x05, SocksAddress.FromDomain("refused.example"), 0), "replied REP X'05' with a domain BND")),
        ];
    }

    /// <summary>RFC 1928 §5-§6: success replies of every BND form, split, coalesced with data, short, silent or malformed.</summary>
    internal static class ClientsOfReplyForms
    {
        private static readonly SocksAddress Bnd1 = SocksAddress.FromDomain("b");
        private static readonly SocksAddress Bnd255 = SocksAddress.FromDomain(TargetNames.OfLength(255));

        private static byte[] Ok(SocksAddress bnd, ushort port = 1080) => Scripts.Reply5(0, bnd, port);

        private static ClientCase Fetch(string id, string title, string[] reqs, byte[] reply, Delivery delivery = Delivery.Whole) =>
            S5(id, "§6", title)
                .Checks(Specified, reqs)
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Scripts.Socks5Serve(_ => reply, delivery));

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
            S5("client/s5/reply/split-at-length-octet", "§6", "A reply split right after ATYP 03 (before the length octet) is assembled")
                .Checks(Specified, "C5-REP-04")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(SplitAt(Ok(SocksAddress.FromDomain("bound.localhost")), 4)),

            S5("client/s5/reply/slow", "§6", "A reply that comes 500 ms after the request (a slow upstream connect) is waited for")
                .Checks(Specified, "C5-REP-04")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(async s =>
                {
                    if (!await s.Socks5UpToRequestAsync()) return;
                    await Task.Delay(500, s.Context.Cancel);
                    await s.ServeAsync(s.SuccessReply());
                }),

            Fetch("client/s5/reply/with-data", "Data right behind the reply in the same segment reaches the application", ["C5-REP-05"],
                Ok(Scripts.Ipv4(127, 0, 0, 1)), Delivery.WithResponse),
            Fetch("client/s5/reply/domain-bnd-with-data", "Data right behind a domain-BND reply is not eaten as part of BND", ["C5-REP-05", "C5-REP-03"],
                Ok(SocksAddress.FromDomain("bound.localhost")), Delivery.WithResponse),
            Fetch("client/s5/reply/ipv6-bnd-with-data", "Data right behind an IPv6-BND reply is not eaten as part of BND", ["C5-REP-05", "C5-REP-03"],
                Ok(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback)), Delivery.WithResponse),

            S5("client/s5/reply/wrong-version", "§6", "A reply with VER X'04' is rejected")
                .Checks(Specified, "C5-REP-02")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Refuse(Scripts.Reply5(0, Scripts.Ipv4(127, 0, 0, 1), 1080, ver: 4), "replied VER X'04' REP X'00'")),

            S5("client/s5/reply/rsv-nonzero", "§6", "A success reply with RSV X'FF' may be accepted or rejected (the RFC fixes RSV for the server only)")
                .Checks(May, "C5-REP-07")
                .Accept(Informational, Did.Fetch.Named("ignored RSV X'FF'"))
                .Accept(NonStrict, Did.Hang)
                .Accept(Fail, Did.SendAfterTrigger.And(Did.NotRelay))
                .Accept(Informational, Did.GiveUp.Named("rejected RSV X'FF'"))
                .Serve(Scripts.Socks5Serve(_ => Scripts.Reply5(0, Scripts.Ipv4(127, 0, 0, 1), 1080, rsv: 0xFF))),

            S5("client/s5/reply/unknown-atyp", "§5", "A success reply with ATYP X'02' cannot be framed: the client refuses")
                .Checks(Specified, "C5-REP-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Refuse([5, 0, 0, 2, 127, 0, 0, 1, 0x04, 0x38], "replied REP X'00' with ATYP X'02' (unassigned)")),

            S5("client/s5/reply/truncated", "§6", "A reply cut after 3 octets (05 00 00) does not hang the client, nor pass for a reply")
                .Checks(Should, "C5-REP-06", "C5-REP-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Silence([5, 0, 0], "sent 05 00 00 (3 octets of the reply) and then nothing")),

            S5("client/s5/reply/truncated-bnd", "§6", "A reply cut inside BND.ADDR does not hang the client, nor pass for a reply")
                .Checks(Should, "C5-REP-06", "C5-REP-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Silence([5, 0, 0, 1, 127, 0], "sent 6 octets of a 10-octet reply and then nothing")),

            S5("client/s5/reply/truncated-then-close", "§6", "A reply cut short by the server's close is a failure")
                .Checks(Specified, "C5-REP-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.Socks5UpToRequestAsync()) return;
                    await s.CloseAfterAsync(new byte[] { 5, 0, 0, 1, 127 }, "sent 5 octets of the reply and closed");
                }),

            S5("client/s5/reply/silent", "§6", "A server that never replies to the request does not hang the client")
                .Checks(Should, "C5-REP-06")
                // Data sent before any reply is optimistic, not a misread reply: not graded here.
                .Accept(Fail, Did.Fetch)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(Scripts.Socks5Silence([], "never replied to the request")),
        ];
    }
}
