using Sockspec.Targets;
using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;
namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §3: the greeting (VER NMETHODS METHODS) and the server's method selection.</summary>
internal static class S3_MethodSelection
{
    private const string Section = "RFC 1928 §3";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/3/standard-offer", Section, "the standard greeting gets a well-formed selection of an offered method")
            .Checks(Specified, "S5-METHOD-01", "S5-METHOD-02", "S5-METHOD-03").Sends("05 01 00 (05 02 00 02 with credentials)")
            // The selection layout (S5-METHOD-01) is checked here, so this case alone insists on a well-formed one.
            .Accept(Pass, Expect.SelectsOneOf(0x00, 0x02).And(Expect.WellFormed), Expect.NoAcceptableThenClose.And(Expect.WellFormed))
            .Run(async (c, ct) => await Select(c, c.StandardGreeting(), ct));

        yield return Case("rfc1928/3/nmethods-0", Section, "NMETHODS 0 (no methods) is refused")
            .Checks(Specified, "S5-GREET-03").Sends("05 00")
            // A greeting outside the layout: refusing it (05 FF or a close) is right; waiting for methods that will
            // never come is non-strict (GRADING.md, "a message the server cannot take as its protocol").
            .Accept(Pass, Expect.NoAcceptableThenClose, Expect.BareClose)
            .Accept(NonStrict, Expect.NoAcceptableStaysOpen, Expect.Silent)
            .Run(async (c, ct) => await Select(c, new Socks5Greeting { Ver = 5, NMethods = 0 }, ct));

        // Lists of every length the deviations name (one byte read, NMETHODS as a signed char): unknown methods first and
        // the run's own methods last, then a full CONNECT, so a server that read the wrong number of octets shows it.
        foreach (int n in new[] { 1, 2, 3, 127, 128, 129, 255 })
        {
            yield return Case($"rfc1928/3/nmethods-{n}", Section, $"a greeting with {n} methods, the usable ones last, is read whole")
                .Checks(Specified, "S5-GREET-01", "S5-GREET-03").Sends($"05 {n:X2} and {n} methods ending in the run's methods, then CONNECT to echo")
                .Accept(Pass, Expect.SuccessRelayed)
                .Run(async (c, ct) => await LongOfferThenConnect(c, n, ct));
        }

        foreach (byte m in new byte[] { 0x01, 0x03, 0x7F, 0x80, 0xFE })
        {
            yield return Case($"rfc1928/3/only-{m:x2}", Section, $"an offer of only method {m:X2} gets that method or FF, never an unoffered one")
                .Checks(Specified, "S5-METHOD-02").Sends($"05 01 {m:X2}")
                .Accept(Pass, Expect.NoAcceptableThenClose, Expect.Selects(m))
                .Accept(NonStrict, Expect.NoAcceptableStaysOpen)
                .Run(async (c, ct) => await Select(c, new Socks5Greeting(m), ct));
        }

        yield return Case("rfc1928/3/only-02", Section, "an offer of only 02 gets 02 or FF, never 00")
            .Checks(Specified, "S5-METHOD-02").Sends("05 01 02")
            .Accept(Pass, Expect.Selects(0x02), Expect.NoAcceptableThenClose)
            .Accept(NonStrict, Expect.NoAcceptableStaysOpen)
            .Run(async (c, ct) => await Select(c, new Socks5Greeting(0x02), ct));

        yield return Case("rfc1928/3/userpass-supported", Section, "username/password (02) is supported, as compliant implementations should")
            .Checks(Should, "S5-METHOD-07").Sends("05 01 02")
            .Accept(Pass, Expect.Selects(0x02))
            .Accept(Unsupported, Expect.NoAcceptableThenClose)
            .Accept(NonStrict, Expect.NoAcceptableStaysOpen, Expect.BareClose)
            .Run(async (c, ct) => await Select(c, new Socks5Greeting(0x02), ct));

        yield return Case("rfc1928/3/only-00", Section, "an offer of only 00 gets 00 or FF")
            .Checks(Specified, "S5-METHOD-02").Sends("05 01 00")
            .Accept(Pass, Expect.Selects(0x00), Expect.NoAcceptableThenClose)
            .Accept(NonStrict, Expect.NoAcceptableStaysOpen)
            .Run(async (c, ct) => await Select(c, new Socks5Greeting(0x00), ct));

        yield return Case("rfc1928/3/duplicate-methods", Section, "a list naming the same method three times is still answered")
            .Checks(Specified, "S5-METHOD-02").Sends("05 03 00 00 00 (02 02 02 with credentials)")
            .Accept(Pass, Expect.SelectsOneOf(0x00, 0x02), Expect.NoAcceptableThenClose)
            .Run(async (c, ct) =>
            {
                byte m = c.Credentials is null ? (byte)0x00 : (byte)0x02;
                return await Select(c, new Socks5Greeting(m, m, m), ct);
            });

        yield return Case("rfc1928/3/ff-then-close", Section, "after 05 FF the server closes")
            .Checks(Must, "S5-METHOD-04").Sends("05 01 01 (GSSAPI only, which almost no server supports)")
            // A bare close also processes nothing further, which is all S5-METHOD-04 asks; the missing 05 FF breaks
            // S5-METHOD-02 and is failed by rfc1928/3/only-01 (the same bytes), so it is not failed twice here.
            .Accept(Pass, Expect.NoAcceptableThenClose, Expect.Selects(0x01), Expect.BareClose)
            // The MUST binds the client; a server that leaves the closing to it is recorded, not failed.
            .Accept(Informational, Expect.NoAcceptableStaysOpen)
            .Run(async (c, ct) => await Select(c, new Socks5Greeting(0x01), ct));

        yield return Case("rfc1928/3/ff-then-request-ignored", Section, "after 05 FF a request that follows is not processed")
            .Checks(Must, "S5-METHOD-04").Sends("05 01 80, then CONNECT to echo regardless of the answer")
            .Accept(Pass, Expect.FactFails("request-processed", "no reply to the request (close or silence)"))
            .Accept(Informational, Expect.FactHolds("selected-80", "the target supports private method 80"))
            .Run(async (c, ct) =>
            {
                var (conn, sel) = await c.GreetAsync(new Socks5Greeting(0x80), ct);
                if (sel.IsMessage && sel.Message.Method == 0x80) return new Observation { Read = sel, Facts = { ["selected-80"] = true } };
                await conn.SendAsync(c.ConnectEcho(), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(c.Silence, ct);
                return new Observation { Step = "request after FF", Read = reply, Facts = { ["request-processed"] = reply.IsMessage } };
            });

        foreach (byte ver in new byte[] { 0x00, 0x06, 0xFF })
        {
            yield return Case($"rfc1928/3/greeting-ver-{ver:x2}", Section, $"a greeting with VER {ver:X2} is not taken for SOCKS5")
                .Checks(Specified, "S5-GREET-02").Sends($"{ver:X2} 01 00")
                // Not SOCKS5: a refusal (05 FF) or a close is right; waiting forever for bytes that cannot make it
                // valid is non-strict, never a pass.
                .Accept(Pass, Expect.BareClose, Expect.NoAcceptableThenClose)
                .Accept(NonStrict, Expect.NoAcceptableStaysOpen, Expect.Silent)
                .Otherwise(NonStrict)
                .Run(async (c, ct) => await Select(c, new Socks5Greeting(0x00) { Ver = ver }, ct));
        }

        yield return Case("rfc1928/3/selection-is-two-bytes", Section, "the selection is exactly VER METHOD: nothing follows before the next step")
            .Checks(Specified, "S5-METHOD-01").Sends("the standard greeting, then a pause")
            .Accept(Pass, Expect.FactFails("extra-bytes", "exactly two bytes"))
            .Run(async (c, ct) =>
            {
                var (conn, sel) = await c.GreetAsync(c.StandardGreeting(), ct);
                if (!sel.IsMessage) return new Observation { Step = "method selection", Read = sel };
                var (extra, _) = await conn.ReadExactlyAsync(1, c.Silence, ct);
                return new Observation { Step = "method selection", Read = sel, Facts = { ["extra-bytes"] = extra.Length > 0 } };
            });
    }

    /// <summary>Sends a greeting and reads the selection; when it is FF, waits for the close S5-METHOD-04 expects.</summary>
    internal static async Task<Observation> Select(CaseContext c, Socks5Greeting g, CancellationToken ct)
    {
        var (conn, sel) = await c.GreetAsync(g, ct);
        bool ff = sel.IsMessage && sel.Message.Method == 0xFF;
        var after = ff ? await conn.WaitForCloseAsync(c.CloseWait, ct) : null;
        return new Observation { Step = "method selection", Read = sel, After = after };
    }

    private static async Task<Observation> LongOfferThenConnect(CaseContext c, int n, CancellationToken ct)
    {
        if (c.Credentials is null && !c.Features.HasFlag(Features.NoAuth))
            throw new Runner.Wire.CaseAbort(Skipped, "the target requires authentication; give --user and --password");
        var usable = c.Credentials is null ? new byte[] { 0x00 } : [0x00, 0x02];
        // Fillers: private methods (80-FE), then IANA ones (03-7F); never 00, 01 or 02.
        var fillers = Enumerable.Range(0x80, 0x7F).Concat(Enumerable.Range(0x03, 0x7D)).Select(b => (byte)b).Take(n - usable.Length);
        var methods = fillers.Concat(usable).TakeLast(n).ToArray();
        var greeting = new Socks5Greeting(methods);
        var (conn, sel) = await c.GreetAsync(greeting, ct);
        if (!sel.IsMessage || sel.Message.Method is not (0x00 or 0x02))
            return new Observation { Step = "method selection", Read = sel };
        await c.AfterSelectionAsync(conn, sel, greeting, ct);
        await conn.SendAsync(c.ConnectEcho(), ct);
        return await c.ReplyAsync(conn, ct);
    }

    /// <summary>RFC 1928 §3: the client's greeting and its reaction to the server's METHOD selection.</summary>
    internal static class Clients
    {
        /// <summary>
        /// A standard method the client did not offer, selected: refused. Not applicable to a client that offers it (the
        /// server then selects X'FF' and the case is skipped).
        /// </summary>
        private static ClientCase Unoffered(string id, string title, byte method, string name) =>
            S5(id, "§3", title)
                .Checks(Specified, "C5-METHOD-02")
                .Accept(Skipped, Did.Offer(method).Named($"not applicable: the client offers X'{method:X2}'"))
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    if (s.Offered(method))
                    {
                        s.Note($"not applicable: the client offered X'{method:X2}'");
                        await s.RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, $"selected X'FF' (the case needs a client that does not offer X'{method:X2}')");
                        return;
                    }
                    await s.RefuseAsync(new byte[] { 5, method }, Delivery.Whole, $"selected {name}, which the client did not offer");
                });

        public static IEnumerable<ClientCase> All =>
        [
            S5("client/s5/greeting/well-formed", "§3", "The greeting is VER 05, NMETHODS equal to the methods that follow, at least one")
                .Checks(Specified, "C5-GREET-01")
                .Accept(Fail, Did.Break(Checks.Greeting))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/greeting/methods-match-credentials", "§3", "X'02' is offered exactly when the client has credentials")
                .Checks(Should, "C5-GREET-02")
                .Accept(Fail, Did.Break(Checks.MethodsMatchCredentials))
                .Otherwise(Pass)
                .Serve(Scripts.Socks5Serve()),

            S5("client/s5/method/no-acceptable-closes", "§3", "After METHOD X'FF' the client closes and sends nothing more")
                .Checks(Must, "C5-METHOD-01")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(Pass, Did.Close)
                .Otherwise(Fail)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await s.RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, "selected X'FF' (no acceptable methods)", s.Context.Remaining);
                }),

            S5("client/s5/method/unoffered-private", "§3", "A selected METHOD the client did not offer (a private X'80'-X'FE' one) is refused")
                .Checks(Specified, "C5-METHOD-02")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    byte m = Enumerable.Range(0x80, 0x7F).Select(i => (byte)i).First(b => !s.Offered(b));
                    await s.RefuseAsync(new byte[] { 5, m }, Delivery.Whole, $"selected METHOD X'{m:X2}', which the client did not offer");
                }),

            Unoffered("client/s5/method/unoffered-userpass", "X'02' selected although the client offered only other methods is refused", 0x02, "X'02'"),

            Unoffered("client/s5/method/gssapi-unoffered", "GSSAPI (X'01') selected although not offered is refused", 0x01, "X'01' (GSSAPI)"),

            S5("client/s5/method/wrong-version", "§3", "A METHOD selection with VER X'04' is refused")
                .Checks(Should, "C5-METHOD-03")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await s.RefuseAsync(new byte[] { 4, 0 }, Delivery.Whole, "answered the greeting with VER X'04' METHOD X'00'");
                }),

            S5("client/s5/method/selection-bytewise", "§3", "A METHOD selection split into two segments is assembled")
                .Checks(Specified, "C5-REP-04")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(async s =>
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
                }),

            S5("client/s5/method/slow-selection", "§3", "A METHOD selection that comes 500 ms after the greeting is waited for")
                .Checks(Specified, "C5-REP-04")
                .Accept(Pass, Did.Fetch)
                .Otherwise(Fail)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await Task.Delay(500, s.Context.Cancel);
                    if (!await s.NegotiateAsync() || !await s.ReadRequest5Async()) return;
                    await s.ServeAsync(s.SuccessReply());
                }),

            S5("client/s5/method/silent-server", "§3", "A server that never answers the greeting does not hang the client")
                .Checks(Should, "C5-REP-06")
                .Accept(Fail, Did.Fetch)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await s.SilenceAsync(Array.Empty<byte>(), "never answered the greeting");
                }),

            S5("client/s5/method/truncated-selection", "§3", "A METHOD selection cut after VER does not hang the client")
                .Checks(Should, "C5-REP-06")
                .Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await s.SilenceAsync(new byte[] { 5 }, "sent only VER X'05' of the selection, then nothing");
                }),

            S5("client/s5/method/close-after-greeting", "§3", "A server that closes after the greeting makes the client fail, not hang")
                .Checks(Should, "C5-REP-06")
                .Accept(Fail, Did.Fetch)
                .Accept(NonStrict, Did.Hang)
                .Accept(Pass, Did.GiveUp)
                .Serve(async s =>
                {
                    if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return;
                    await s.CloseAfterAsync(Array.Empty<byte>(), "closed the connection after the greeting");
                }),
        ];
    }
}
