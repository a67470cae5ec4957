using System.Text;
using Sockspec.Runner.Fixtures;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Socks4a;

/// <summary>SOCKS4a: DSTIP 0.0.0.x (x != 0) and a hostname after USERID's NUL.</summary>
internal static class Hostname
{
    private const string Section = "SOCKS4a";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("socks4a/connect-localhost", Section, "CONNECT to localhost by name is granted and relays")
            .Checks(Specified, "S4A-01", "S4A-02", "S4A-04").NeedsOnly(Features.Socks4a).Sends("04 01 port 0.0.0.1 USERID 00 \"localhost\" 00")
            .Accept(Pass, Expect.Granted)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort), ct));

        yield return Case("socks4a/marker-0.0.0.255", Section, "0.0.0.255 is a 4a marker too")
            .Checks(Specified, "S4A-01").NeedsOnly(Features.Socks4a).Sends("04 01 port 0.0.0.255 USERID 00 \"localhost\" 00")
            .Accept(Pass, Expect.Granted)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort) with { DstIp = 255 }, ct));

        yield return Case("socks4a/name-ip-literal", Section, "an IP literal as the 4a name")
            .Checks(Specified, "S4A-05").NeedsOnly(Features.Socks4a).Sends("0.0.0.1 with \"127.0.0.1\"")
            .Accept(Pass, Expect.Granted)
            // Refusing a literal as a name is the server's choice; refusing it without a reply is not.
            .Accept(NonStrict, Expect.Socks4Reject())
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect("127.0.0.1", c.EchoPort), ct));

        yield return Case("socks4a/unresolvable", Section, "an unresolvable name is rejected (91) and closed")
            .Checks(Specified, "S4A-05", "S4-REP-03").NeedsOnly(Features.Socks4a).Sends("0.0.0.1 with sockspec-never-resolves.invalid")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.UnresolvableName, 80), ct));

        yield return Case("socks4a/closed-port", Section, "a name on a closed port is rejected, never granted")
            .Checks(Specified, "S4-CONN-02").NeedsOnly(Features.Socks4a).Sends("0.0.0.1 with localhost:closed")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.ResolvableName, c.Fixtures.ClosedPort.Port), ct));

        yield return Case("socks4a/empty-name", Section, "an empty hostname (two NULs in a row) is rejected")
            .Checks(Specified, "S4A-02").NeedsOnly(Features.Socks4a).Sends("0.0.0.1, USERID 00, then 00")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.AnyGrant, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect("", c.EchoPort), ct, relay: false));

        yield return Case("socks4a/name-without-nul-then-fin", Section, "a name without its NUL, then FIN, is not granted")
            .Checks(Specified, "S4A-02").NeedsOnly(Features.Socks4a).Sends("0.0.0.1, USERID 00, \"localhost\" (no NUL), FIN")
            // No request ever arrived whole, so no reply is defined for it: a reject or a close are both right.
            .Accept(Pass, Expect.Socks4RefusedOrClosed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendAsync(CaseContext.WithoutLastNul(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort)), ct);
                conn.ShutdownSend();
                return await c.Socks4ReplyAsync(conn, ct);
            });

        yield return Case("socks4a/marker-without-name-waits", Section, "0.0.0.1 with no name yet is waited for, not connected to")
            .Checks(Specified, "S4A-04").NeedsOnly(Features.Socks4a).Sends("04 01 port 0.0.0.1 USERID 00, then nothing")
            .Accept(Pass, Expect.Silent, Expect.Socks4RefusedOrClosed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                // With an empty name the writer ends in USERID's NUL and the name's NUL; dropping the last leaves no name yet.
                await conn.SendAsync(CaseContext.WithoutLastNul(c.Socks4aConnect("", c.EchoPort)), ct);
                return new Observation { Step = "reply", Read = await conn.ReadMessageAsync<Socks4Reply>(c.Silence, ct) };
            });

        yield return Case("socks4a/name-255", Section, "a 255-byte name is read and answered")
            .Checks(Specified, "S4A-06").NeedsOnly(Features.Socks4a).Sends("0.0.0.1 with a 255-byte name under .invalid")
            .Accept(Pass, Expect.Socks4Rejected)
            .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(Rfc1928.S5_Addressing.LongName(255), 80), ct));

        foreach (int len in new[] { 1024, 4096 })
        {
            yield return Case($"socks4a/name-{len}", Section, $"a {len}-byte name is rejected cleanly, never a hang or a crash")
                .Checks(Specified, "S4A-06").NeedsOnly(Features.Socks4a).Sends($"0.0.0.1 with a {len}-byte name")
                .Accept(Pass, Expect.Socks4Rejected)
                .Accept(NonStrict, Expect.Socks4RejectedImprecisely)
                .Run((c, ct) => c.Socks4RawAsync(
                    [.. CaseContext.WithoutLastNul(c.Socks4aConnect(Rfc1928.S5_Addressing.LongName(255), 80)), .. Encoding.ASCII.GetBytes(new string('a', len - 255)), 0], ct));
        }

        yield return Case("socks4a/with-userid", Section, "a 4a request with the run's USERID and a name is granted")
            .Checks(Specified, "S4A-02", "S4A-03").NeedsOnly(Features.Socks4a).Sends("0.0.0.7 USERID 00 \"localhost\" 00")
            .Accept(Pass, Expect.Granted)
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort) with { DstIp = 7 }, ct));

        yield return Case("socks4a/split-bytewise", Section, "a 4a request sent one byte per segment is read whole")
            .Checks(Specified, "S4-GEN-01", "S4A-02").NeedsOnly(Features.Socks4a).Sends("0.0.0.1 \"localhost\", one byte per write")
            .Accept(Pass, Expect.Granted)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort)), 1, TimeSpan.FromMilliseconds(3), ct);
                return await c.Socks4ReplyAsync(conn, ct);
            });

        yield return Case("socks4a/bind", Section, "a 4a BIND (name form) gets a well-formed first reply")
            .Checks(Specified, "S4A-03", "S4-REP-02").NeedsOnly(Features.Socks4a | Features.Socks4Bind).Sends("04 02 port 0.0.0.1 USERID 00 \"localhost\" 00")
            .Accept(Pass, new Outcome("a well-formed reply", o => o.Clean && o.Is<Socks4Reply>()))
            .Run((c, ct) => c.Socks4Async(c.Socks4aConnect(FixtureSet.ResolvableName, c.EchoPort) with { Cd = (byte)Socks4Command.Bind }, ct, relay: false));
    }

    /// <summary>SOCKS4a from the client's side: the marker, the hostname and its NUL, a name longer than SOCKS5 allows.</summary>
    internal static class Clients
    {
        /// <summary>SOCKS4a sets no length limit: a long name goes whole, or the client refuses; never a cut name.</summary>
        private static string? WholeOrNothing(CaseObservation o)
        {
            var r = o.Primary.Request4;
            if (r is null || r.IsBareClose) return null;
            return Checks.Request4a(o);
        }

        public static IEnumerable<ClientCase> All =>
        [
            S4("client/s4a/request/well-formed", "The 4a request has DSTIP 0.0.0.x (x != 0), USERID, NUL, the target's name, one NUL", Applies.Socks4a)
                .Checks(Specified, "C4A-01")
                .Accept(Fail, Did.Break(Checks.Request4a))
                .Otherwise(Pass)
                .Serve(Scripts.Socks4Serve(applies: Applies.Socks4a)),

            S4("client/s4a/connect/baseline", "Through a well-behaved server the 4a client fetches the body", Applies.Socks4a)
                .Checks(Specified, "C4A-01")
                .Accept(Fail, Did.Break(Checks.Request4a))
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Scripts.Socks4Serve(applies: Applies.Socks4a)),

            S4("client/s4a/request/300-octet-name", "A 300-octet name (SOCKS4a has no limit) is sent whole or refused, never cut", Applies.Socks4a)
                .Checks(Specified, "C4A-01").Target(TargetShape.Name300)
                .Accept(Fail, Did.Break(WholeOrNothing))
                .Accept(NonStrict, Did.SendNoRequest.And(Did.Hang))
                .Otherwise(Pass)
                .Serve(Scripts.Socks4Serve(applies: Applies.Socks4a)),
        ];
    }
}
