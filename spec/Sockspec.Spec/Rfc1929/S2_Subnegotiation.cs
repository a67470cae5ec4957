using Sockspec.Targets;
using System.Text;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Rfc1929;

/// <summary>RFC 1929 §2: the username/password sub-negotiation, after the server selected method 02.</summary>
internal static class S2_Subnegotiation
{
    private const string Section = "RFC 1929 §2";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1929/2/correct-login", Section, "the run's credentials are accepted and a request then works")
            .Checks(Specified, "UP-01", "UP-05", "UP-08", "S5-METHOD-05").Needs(Features.UserPass).NeedsCredentials().Sends("05 01 02, then 01 ULEN user PLEN password, then CONNECT to echo")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run(async (c, ct) =>
            {
                var (conn, auth) = await Login(c, new UsernamePasswordRequest(c.Credentials!.User, c.Credentials.Password), ct);
                if (!auth.IsMessage || auth.Message.Status != 0) return new Observation { Step = "auth response", Read = auth };
                await conn.SendAsync(c.ConnectEcho(), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("rfc1929/2/wrong-password", Section, "a wrong password gets a failure STATUS and a close")
            .Checks(Must, "UP-05", "UP-06").Needs(Features.UserPass).Sends("01 ULEN user PLEN wrong-password")
            .Accept(Pass, Expect.AuthFailureThenClose)
            .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(User(c), "sockspec-wrong-password"), ct));

        yield return Case("rfc1929/2/unknown-user", Section, "an unknown user gets a failure STATUS and a close")
            .Checks(Must, "UP-05", "UP-06").Needs(Features.UserPass).Sends("01 ULEN unknown-user PLEN password")
            .Accept(Pass, Expect.AuthFailureThenClose)
            .Run((c, ct) => Attempt(c, new UsernamePasswordRequest("sockspec-no-such-user", "x"), ct));

        yield return Case("rfc1929/2/wrong-password-then-request", Section, "after a failed login a request is not processed")
            .Checks(Must, "UP-06").Needs(Features.UserPass).Sends("a wrong password, then CONNECT to echo regardless")
            .Accept(Pass, Expect.FactFails("request-processed", "no reply to the request"))
            .Run(async (c, ct) =>
            {
                var (conn, auth) = await Login(c, new UsernamePasswordRequest(User(c), "sockspec-wrong-password"), ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(c.Silence, ct);
                return new Observation { Step = "request after failed login", Read = reply, Note = "auth: " + auth.Describe(), Facts = { ["request-processed"] = reply.IsMessage } };
            });

        foreach (byte ver in new byte[] { 0x05, 0x00, 0x02 })
        {
            yield return Case($"rfc1929/2/ver-{ver:x2}", Section, $"a sub-negotiation with VER {ver:X2} (not 01) is not accepted, even with right credentials")
                .Checks(Specified, "UP-02").Needs(Features.UserPass).Sends($"{ver:X2} ULEN user PLEN password")
                // Not the sub-negotiation's version: a failure STATUS or a close are right; waiting for bytes that
                // cannot make it valid is non-strict.
                .Accept(Pass, Expect.AuthFailureThenClose, Expect.BareClose)
                .Accept(NonStrict, Expect.Silent)
                .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(User(c), Password(c)) { Ver = ver }, ct));
        }

        yield return Case("rfc1929/2/ulen-0", Section, "ULEN 0 (empty user name): behaviour recorded (the RFC's 1-255 implies invalid; curl sends it)")
            .Checks(Specified, "UP-03").Needs(Features.UserPass).Sends("01 00 PLEN password")
            .Accept(Informational, Expect.AuthFailureThenClose, Expect.BareClose, Expect.AuthSuccess)
            .Accept(NonStrict, Expect.Silent)
            .Run((c, ct) => Attempt(c, new UsernamePasswordRequest([], Encoding.UTF8.GetBytes(Password(c))), ct));

        yield return Case("rfc1929/2/plen-0", Section, "PLEN 0 (empty password): behaviour recorded")
            .Checks(Specified, "UP-03").Needs(Features.UserPass).Sends("01 ULEN user 00")
            .Accept(Informational, Expect.AuthFailureThenClose, Expect.BareClose, Expect.AuthSuccess)
            .Accept(NonStrict, Expect.Silent)
            .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(Encoding.UTF8.GetBytes(User(c)), []), ct));

        foreach (int len in new[] { 1, 255 })
        {
            yield return Case($"rfc1929/2/ulen-{len}", Section, $"a {len}-byte user name is read and answered")
                .Checks(Specified, "UP-01", "UP-04").Needs(Features.UserPass).Sends($"01 {len:X2} {len} bytes PLEN password")
                .Accept(Pass, Expect.AuthFailureThenClose, Expect.AuthSuccess)
                .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(new string('u', len), "p"), ct));

            yield return Case($"rfc1929/2/plen-{len}", Section, $"a {len}-byte password is read and answered")
                .Checks(Specified, "UP-01", "UP-04").Needs(Features.UserPass).Sends($"01 ULEN user {len:X2} {len} bytes")
                .Accept(Pass, Expect.AuthFailureThenClose, Expect.AuthSuccess)
                .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(User(c), new string('p', len)), ct));
        }

        yield return Case("rfc1929/2/response-ver", Section, "the response carries VER 01 (the convention; the RFC never states it)")
            .Checks(Specified, "UP-04").Needs(Features.UserPass).Sends("01 ULEN user PLEN wrong-password")
            .Accept(Pass, new Outcome("a response with VER 01", o => o.Is<UsernamePasswordResponse>(r => r.Ver == 1)))
            .Accept(NonStrict, new Outcome("a response with another VER", o => o.Is<UsernamePasswordResponse>()))
            .Run((c, ct) => Attempt(c, new UsernamePasswordRequest(User(c), "sockspec-wrong-password"), ct));

        yield return Case("rfc1929/2/split-bytewise", Section, "a login sent one byte per segment is read whole")
            .Checks(Specified, "S5-GEN-03", "UP-01").Needs(Features.UserPass).NeedsCredentials().Sends("the right credentials, one byte per write")
            .Accept(Pass, Expect.AuthSuccess)
            .Run(async (c, ct) =>
            {
                var (conn, sel) = await c.GreetAsync(new Socks5Greeting(0x02), ct);
                if (!sel.IsMessage || sel.Message.Method != 2) return new Observation { Step = "method selection", Read = sel };
                await conn.SendSplitAsync(CaseContext.Bytes(new UsernamePasswordRequest(c.Credentials!.User, c.Credentials.Password)), 1, TimeSpan.FromMilliseconds(5), ct);
                return new Observation { Step = "auth response", Read = await conn.ReadMessageAsync<UsernamePasswordResponse>(null, ct) };
            });

        yield return Case("rfc1929/2/truncated-then-fin", Section, "a login cut short by a FIN gets no success")
            .Checks(Specified, "UP-01").Needs(Features.UserPass).Sends("01 and ULEN 10 with 3 name bytes, then FIN")
            .Accept(Pass, Expect.BareClose, Expect.AuthFailureThenClose)
            .Run(async (c, ct) =>
            {
                var (conn, sel) = await c.GreetAsync(new Socks5Greeting(0x02), ct);
                if (!sel.IsMessage || sel.Message.Method != 2) return new Observation { Step = "method selection", Read = sel };
                var full = CaseContext.Bytes(new UsernamePasswordRequest(new string('u', 10), "p"));
                await conn.SendAsync(full.AsMemory(0, 5), ct);
                conn.ShutdownSend();
                return await Response(c, conn, ct);
            });
    }

    private static string User(CaseContext c) => c.Credentials?.User ?? "sockspec";

    private static string Password(CaseContext c) => c.Credentials?.Password ?? "sockspec";

    private static async Task<(Runner.Wire.TracedConnection Conn, Runner.Wire.ReadOutcome<UsernamePasswordResponse> Auth)> Login(
        CaseContext c, UsernamePasswordRequest request, CancellationToken ct)
    {
        var (conn, sel) = await c.GreetAsync(new Socks5Greeting(0x02), ct);
        if (!sel.IsMessage || sel.Message.Method != 2)
            throw new Runner.Wire.CaseAbort(Error, $"method 02 was not selected for an offer of [02]: {sel.Describe()}");
        await conn.SendAsync(request, ct);
        return (conn, await conn.ReadMessageAsync<UsernamePasswordResponse>(null, ct));
    }

    /// <summary>Sends a login and observes the response, and on a failure STATUS the close that must follow.</summary>
    private static async Task<Observation> Attempt(CaseContext c, UsernamePasswordRequest request, CancellationToken ct)
    {
        var (conn, sel) = await c.GreetAsync(new Socks5Greeting(0x02), ct);
        if (!sel.IsMessage || sel.Message.Method != 2)
            throw new Runner.Wire.CaseAbort(Error, $"method 02 was not selected for an offer of [02]: {sel.Describe()}");
        await conn.SendAsync(request, ct);
        return await Response(c, conn, ct);
    }

    private static async Task<Observation> Response(CaseContext c, Runner.Wire.TracedConnection conn, CancellationToken ct)
    {
        var start = c.Trace.Elapsed;
        var r = await conn.ReadMessageAsync<UsernamePasswordResponse>(null, ct);
        var after = r.IsMessage && r.Message.Status == 0 ? null : await c.EndAfterAsync(conn, r, start, ct);
        return new Observation { Step = "auth response", Read = r, After = after };
    }

    /// <summary>RFC 1929 §2 from the client's side; these cases apply to clients that offer X'02'.</summary>
    internal static class Clients
    {
        /// <summary>Selects X'02', reads the client's request, then answers with <paramref name="response"/>.</summary>
        private static async Task<bool> UpToAuthAsync(ScriptSession s)
        {
            if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return false;
            if (!s.Offered(2))
            {
                await s.MarkNotApplicableAsync("the client offered no username/password method (X'02')");
                return false;
            }
            return await s.SelectAsync(2) && await s.ReadAuthAsync();
        }

        private static ServerScript AfterAuth(byte[] response, string trigger) => async s =>
        {
            if (!await UpToAuthAsync(s)) return;
            await s.RefuseAsync(response, Delivery.Whole, trigger);
        };

        private static ServerScript Accepting(byte[] response, Delivery delivery = Delivery.Whole) => async s =>
        {
            if (!await UpToAuthAsync(s)) return;
            if (!await s.SendAsync(response, delivery) || !await s.ReadRequest5Async()) return;
            await s.ServeAsync(s.SuccessReply());
        };

        public static IEnumerable<ClientCase> All =>
        [
            Up("client/up/request/well-formed", "The username/password request has VER 01, consistent lengths and the configured credentials")
                .Checks(Specified, "C5-AUTH-01")
                .Accept(Fail, Did.Break(Checks.Auth))
                .Otherwise(Pass)
                .Serve(Accepting([1, 0])),

            Up("client/up/fetch", "After STATUS 00 the client sends its request and fetches")
                .Checks(Specified, "C5-AUTH-01")
                .Accept(Fail, Did.Break(Checks.Auth))
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Accepting([1, 0])),

            Up("client/up/status-failure", "STATUS 01 is a failure: no request follows")
                .Checks(Specified, "C5-AUTH-02")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(AfterAuth([1, 1], "answered STATUS X'01' (failure)")),

            Up("client/up/status-ff", "STATUS FF is a failure: no request follows")
                .Checks(Specified, "C5-AUTH-02")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(AfterAuth([1, 0xFF], "answered STATUS X'FF' (failure)")),

            Up("client/up/response-version-5", "A response VER of X'05' (the RFC never fixes it) may be accepted or refused")
                .Checks(May, "C5-AUTH-03")
                .Accept(Informational, Did.Fetch.Named("accepted a response with VER X'05'"))
                .Accept(NonStrict, Did.Hang)
                .Accept(Fail, Did.SendAfterTrigger.And(Did.NotRelay))
                .Accept(Informational, Did.GiveUp.Named("refused a response with VER X'05'"))
                .Serve(Accepting([5, 0])),

            Up("client/up/response-bytewise", "A username/password response split into two segments is assembled")
                .Checks(Specified, "C5-REP-04")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(Accepting([1, 0], Delivery.Bytewise)),

            Up("client/up/silent", "A server that never answers the username/password request does not hang the client")
                .Checks(Should, "C5-REP-06")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await UpToAuthAsync(s)) return;
                    await s.SilenceAsync(Array.Empty<byte>(), "never answered the username/password request");
                }),
        ];
    }
}
