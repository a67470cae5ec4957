using Sockspec.ClientSpec.Harness;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1928;

/// <summary>RFC 1928 §3: the client's greeting and its reaction to the server's METHOD selection.</summary>
internal static class S3_MethodSelection
{
    public static IEnumerable<ClientCase> All =>
    [
        S5("client/s5/greeting/well-formed", "§3", "The greeting is VER 05, NMETHODS equal to the methods that follow, at least one",
            ["C5-GREET-01"], Specified, "a greeting that frames exactly with VER X'05' and NMETHODS >= 1",
            Scripts.Socks5Serve(), Graders.Sent(Checks.Greeting)),

        S5("client/s5/greeting/methods-match-credentials", "§3", "X'02' is offered exactly when the client has credentials",
            ["C5-GREET-02"], Should, "X'02' among METHODS if and only if the client was given credentials (--user)",
            Scripts.Socks5Serve(), Graders.Sent(Checks.MethodsMatchCredentials)),

        S5("client/s5/method/no-acceptable-closes", "§3", "After METHOD X'FF' the client closes and sends nothing more",
            ["C5-METHOD-01"], Must, "no further octet, and the client closes the connection (FIN or RST) before the watch ends",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await s.RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, "selected X'FF' (no acceptable methods)", s.Context.Remaining);
            },
            Graders.MustClose()),

        S5("client/s5/method/unoffered-private", "§3", "A selected METHOD the client did not offer (a private X'80'-X'FE' one) is refused",
            ["C5-METHOD-02"], Specified, "no sub-negotiation and no request: the client closes or waits for the server to close",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                byte m = Enumerable.Range(0x80, 0x7F).Select(i => (byte)i).First(b => !s.Offered(b));
                await s.RefuseAsync(new byte[] { 5, m }, Delivery.Whole, $"selected METHOD X'{m:X2}', which the client did not offer");
            },
            Graders.MustRefuse()),

        S5("client/s5/method/unoffered-userpass", "§3", "X'02' selected although the client offered only other methods is refused",
            ["C5-METHOD-02"], Specified, "no username/password request and no SOCKS request; close or wait",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                if (s.Offered(0x02))
                {
                    s.Note("not applicable: the client offered X'02'");
                    await s.RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, "selected X'FF' (the case needs a client that does not offer X'02')");
                    return;
                }
                await s.RefuseAsync(new byte[] { 5, 2 }, Delivery.Whole, "selected X'02', which the client did not offer");
            },
            o => o.Primary.Offered(0x02)
                ? new Grade(Sockspec.Model.Verdict.Skipped, "not applicable: the client offers X'02'")
                : Graders.MustRefuse()(o)),

        S5("client/s5/method/gssapi-unoffered", "§3", "GSSAPI (X'01') selected although not offered is refused",
            ["C5-METHOD-02"], Specified, "no GSS-API token and no request; close or wait",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                if (s.Offered(0x01))
                {
                    s.Note("not applicable: the client offered X'01'");
                    await s.RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, "selected X'FF' (the case needs a client that does not offer X'01')");
                    return;
                }
                await s.RefuseAsync(new byte[] { 5, 1 }, Delivery.Whole, "selected X'01' (GSSAPI), which the client did not offer");
            },
            o => o.Primary.Offered(0x01)
                ? new Grade(Sockspec.Model.Verdict.Skipped, "not applicable: the client offers X'01'")
                : Graders.MustRefuse()(o)),

        S5("client/s5/method/wrong-version", "§3", "A METHOD selection with VER X'04' is refused",
            ["C5-METHOD-03"], Should, "no request after the malformed selection; close or wait",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await s.RefuseAsync(new byte[] { 4, 0 }, Delivery.Whole, "answered the greeting with VER X'04' METHOD X'00'");
            },
            Graders.MustRefuse()),

        S5("client/s5/method/selection-bytewise", "§3", "A METHOD selection split into two segments is assembled",
            ["C5-REP-04"], Specified, "the client fetches the body",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                bool auth = !s.Offered(0) && s.Offered(2);
                if (!s.Offered(0) && !auth)
                {
                    await s.MarkNotApplicableAsync("the client offered neither X'00' nor X'02'");
                    return;
                }
                if (!await s.SelectAsync(auth ? (byte)2 : (byte)0, Delivery.Bytewise)) return;
                if (auth && (!await s.ReadAuthAsync() || !await s.SendAsync(new byte[] { 1, 0 }, Delivery.Bytewise))) return;
                if (!await s.ReadRequest5Async()) return;
                await s.ServeAsync(s.SuccessReply());
            },
            Graders.MustFetch()),

        S5("client/s5/method/slow-selection", "§3", "A METHOD selection that comes 500 ms after the greeting is waited for",
            ["C5-REP-04"], Specified, "the client fetches the body",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await Task.Delay(500, s.Context.Cancel);
                if (!await s.NegotiateAsync() || !await s.ReadRequest5Async()) return;
                await s.ServeAsync(s.SuccessReply());
            },
            Graders.MustFetch()),

        S5("client/s5/method/silent-server", "§3", "A server that never answers the greeting does not hang the client",
            ["C5-REP-06"], Should, "the client gives up by itself before the deadline",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await s.SilenceAsync(Array.Empty<byte>(), "never answered the greeting");
            },
            Graders.MustGiveUp(dataAfterIsWrong: false)),

        S5("client/s5/method/truncated-selection", "§3", "A METHOD selection cut after VER does not hang the client",
            ["C5-REP-06"], Should, "the client gives up by itself before the deadline",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await s.SilenceAsync(new byte[] { 5 }, "sent only VER X'05' of the selection, then nothing");
            },
            Graders.MustGiveUp(dataAfterIsWrong: true)),

        S5("client/s5/method/close-after-greeting", "§3", "A server that closes after the greeting makes the client fail, not hang",
            ["C5-REP-06"], Should, "the client ends without the body before the deadline",
            async s =>
            {
                if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                await s.CloseAfterAsync(Array.Empty<byte>(), "closed the connection after the greeting");
            },
            Graders.MustGiveUp(dataAfterIsWrong: false)),
    ];
}
