using System.Net;
using Sockspec.Runner.Fixtures;

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
        yield return Case("rfc1928/6/success-bnd-is-outbound-address", Section, "the CONNECT reply's BND is the outbound socket's address, not 0.0.0.0:0 nor the proxy's listening address")
            .Checks(Should, "S5-CONN-01").Sends("CONNECT 127.0.0.1:echo")
            .Accept(Fail, Expect.FactHolds("bnd-is-listener", "BND is the proxy's own listening address and port, not its outbound socket's"))
            .Accept(Pass, new Outcome("BND is a specific address and a non-zero port", o => o.Is<Socks5Reply>(r => r.Rep == 0 && r.BndPort != 0 && !Unspecified(r.BndAddr))))
            .Accept(NonStrict, new Outcome("BND is 0.0.0.0 / :: or port 0", o => o.Is<Socks5Reply>(r => r.Rep == 0)))
            .Run(async (c, ct) =>
            {
                var o = await c.RequestAsync(c.ConnectEcho(), ct, relay: false);
                if (o.As<Socks5Reply>() is not { Rep: 0 } r) return o;
                bool listener = r.BndPort == c.Target.Port && r.BndAddr.ToIPAddress() is { } ip && ip.Equals(c.Target.Address);
                return new Observation { Step = o.Step, Read = o.Read, Facts = { ["bnd-is-listener"] = listener } };
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
}
