using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;
namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §4: the request (VER CMD RSV ATYP DST.ADDR DST.PORT).</summary>
internal static class S4_Requests
{
    private const string Section = "RFC 1928 §4";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/4/connect-ipv4", Section, "CONNECT to an IPv4 address succeeds and relays")
            .Checks(Specified, "S5-REQ-01", "S5-REQ-02", "S5-REQ-05", "S5-GEN-02").Sends("CONNECT 127.0.0.1:echo")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run((c, ct) => c.RequestAsync(c.ConnectEcho(), ct));

        foreach (byte cmd in new byte[] { 0x00, 0x04, 0x05, 0x7F, 0x80, 0xFF })
        {
            // RFC 1928 §4/§6 define the reply for this (REP 07): a bare close or silence fails, another failure code is
            // non-strict. The close after it is rfc1928/6/close-within-10s-unknown-cmd's to judge.
            yield return Case($"rfc1928/4/cmd-{cmd:x2}", Section, $"unknown CMD {cmd:X2} gets REP 07")
                .Checks(Specified, "S5-REQ-02", "S5-REP-03").Sends($"request with CMD={cmd:X2} to 127.0.0.1:echo")
                .Accept(Pass, Expect.FailureReply(0x07))
                .Accept(NonStrict, Expect.AnyFailureReply)
                .Run((c, ct) => c.RequestAsync(c.ConnectEcho() with { Cmd = cmd }, ct));
        }

        // armon/go-socks5 resolves the name before looking at CMD: an unknown command with a bad name gave REP 04.
        yield return Case("rfc1928/4/cmd-unknown-unresolvable-name", Section, "unknown CMD with an unresolvable name still gets REP 07")
            .Checks(Specified, "S5-REQ-02", "S5-REP-03").Sends("request with CMD=04 to sockspec-never-resolves.invalid")
            .Accept(Pass, Expect.FailureReply(0x07))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain(Runner.Fixtures.FixtureSet.UnresolvableName), 80) with { Cmd = 4 }, ct));

        yield return Case("rfc1928/4/cmd-unknown-closed-port", Section, "unknown CMD to a closed port gets REP 07, not REP 05")
            .Checks(Specified, "S5-REQ-02", "S5-REP-03").Sends("request with CMD=04 to 127.0.0.1:closed")
            .Accept(Pass, Expect.FailureReply(0x07))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port) with { Cmd = 4 }, ct));

        foreach (byte rsv in new byte[] { 0x01, 0x80, 0xFF })
        {
            // RFC 1928 binds the sender of a reserved field ("must be set to X'00'"); it says nothing of a receiver that
            // finds another value. Rejecting (a failure reply or a close) is right, and so is ignoring it: recorded.
            yield return Case($"rfc1928/4/rsv-{rsv:x2}", Section, $"RSV {rsv:X2}: rejecting and ignoring are both allowed (recorded)")
                .Checks(Should, "S5-REQ-03").Sends($"CONNECT 127.0.0.1:echo with RSV={rsv:X2}")
                .Accept(Pass, Expect.RefusedOrClosed)
                .Accept(Informational, Expect.SuccessRelayed)
                .Run((c, ct) => c.RequestAsync(c.ConnectEcho() with { Rsv = rsv }, ct));
        }

        foreach (byte ver in new byte[] { 0x00, 0x04, 0x06 })
        {
            yield return Case($"rfc1928/4/ver-{ver:x2}", Section, $"a request with VER {ver:X2} is not processed as SOCKS5")
                .Checks(Specified, "S5-REQ-02").Sends($"the handshake, then CONNECT 127.0.0.1:echo with VER={ver:X2}")
                // Not SOCKS5: a failure reply or a close is right; waiting for bytes that cannot make it valid is
                // non-strict, never a pass.
                .Accept(Pass, Expect.RefusedOrClosed)
                .Accept(NonStrict, Expect.Silent, Expect.AnySuccess)
                .Run((c, ct) => c.RequestAsync(c.ConnectEcho() with { Ver = ver }, ct));
        }

        // The server evaluates the request and returns a reply (§4): a failure code, not a bare close. The reply's
        // layout is rfc1928/6/failure-full-layout's to judge, its close the close-within-10s cases'.
        yield return Case("rfc1928/4/port-0", Section, "CONNECT to port 0 gets a failure reply")
            .Checks(Specified, "S5-REQ-05", "S5-REP-03").Sends("CONNECT 127.0.0.1:0")
            .Accept(Pass, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(c.Ipv4Loopback, 0), ct));

        yield return Case("rfc1928/4/truncated-then-fin", Section, "a request cut short by a FIN gets no success")
            .Checks(Specified, "S5-REQ-01").Sends("the handshake, the first 6 bytes of a CONNECT, then FIN")
            // No request ever arrived whole, so no reply is defined for it: a failure reply or a close are both right.
            .Accept(Pass, Expect.RefusedOrClosed)
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(CaseContext.Bytes(c.ConnectEcho()).AsMemory(0, 6), ct);
                conn.ShutdownSend();
                return await c.ReplyAsync(conn, ct, relay: false);
            });

        yield return Case("rfc1928/4/truncated-waits", Section, "a request cut short is waited for, not answered")
            .Checks(Specified, "S5-GEN-03", "S5-REQ-01").Sends("the handshake and the first 6 bytes of a CONNECT, then nothing")
            .Accept(Pass, Expect.Silent, Expect.BareClose)
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(CaseContext.Bytes(c.ConnectEcho()).AsMemory(0, 6), ct);
                return new Observation { Step = "reply", Read = await conn.ReadMessageAsync<Socks5Reply>(c.Silence, ct) };
            });

        yield return Case("rfc1928/4/connect-source-evaluated", Section, "two CONNECTs from the same client both succeed (evaluation by source and destination)")
            .Checks(Specified, "S5-REQ-05").Sends("two CONNECT 127.0.0.1:echo on two connections at once")
            .Accept(Pass, Expect.FactHolds("both", "both relay"))
            .Run(async (c, ct) =>
            {
                var results = await Task.WhenAll(c.RequestAsync(c.ConnectEcho(), ct), c.RequestAsync(c.ConnectEcho(), ct));
                return new Observation { Note = string.Join(" / ", results.Select(r => r.Describe())), Facts = { ["both"] = results.All(r => r.Relayed == true) } };
            });
    }

    /// <summary>RFC 1928 §4-§5: the client's CONNECT request and its DST.ADDR encoding, domain length edges included.</summary>
    internal static class Clients
    {
        /// <summary>A name the client sends is graded; a client that resolved it itself (to loopback) is fine too.</summary>
        private static string? NameOrNothing(CaseObservation o)
        {
            var r = o.Primary.Request5;
            if (r is null || r.IsBareClose) return null; // it refused before sending a request: allowed
            return Checks.Destination5(o);
        }

        /// <summary>A 256-octet name does not fit ATYP 03: it must not be sent in any form (truncated, wrapped length).</summary>
        private static string? NoOverlongName(CaseObservation o)
        {
            var r = o.Primary.Request5;
            if (r is null || r.IsBareClose) return null;
            if (!r.IsMessage) return "request: " + r.Describe();
            var a = r.Message.DstAddr;
            if (a.Atyp == (byte)AddressType.DomainName)
                return $"sent the 256-octet name as ATYP 03 with a length octet of {a.Bytes.Length} (truncated or wrapped; C5-REQ-02 requires a refusal)";
            return Checks.DestinationProblem(a, o.TargetHost);
        }

        public static IEnumerable<ClientCase> All =>
        [
            S5("client/s5/request/well-formed", "§4", "The CONNECT request is VER 05, CMD 01, RSV 00, a known ATYP, DST.PORT in network order")
                .Checks(Specified, "C5-REQ-01")
                .Accept(Fail, Did.Break(Checks.Request5))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/request/destination", "§5", "DST.ADDR designates the target: its exact name (no NUL) or a loopback address")
                .Checks(Specified, "C5-REQ-01", "C5-REQ-02")
                .Accept(Fail, Did.Break(Checks.Destination5))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/connect/baseline", "§6", "Through a well-behaved server the client fetches the body")
                .Checks(Specified, "C5-REQ-01", "S5-DATA-01")
                .Accept(Fail, Did.Break(Checks.Request5))
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/domain/255-octets", "§5", "A 255-octet name goes as ATYP 03 with length octet 255 and the whole name")
                .Checks(Specified, "C5-REQ-02").Target(TargetShape.Name255)
                .Accept(Fail, Did.Break(NameOrNothing))
                .Accept(NonStrict, Did.SendNoRequest.And(Did.Hang))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/domain/256-octets", "§5", "A 256-octet name cannot be sent: the client refuses, never truncates or wraps the length")
                .Checks(Specified, "C5-REQ-02").Target(TargetShape.Name256)
                .Accept(Fail, Did.Break(NoOverlongName))
                .Accept(NonStrict, Did.SendNoRequest.And(Did.Hang))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),
        ];
    }
}
