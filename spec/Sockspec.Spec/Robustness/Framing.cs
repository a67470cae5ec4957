using Sockspec.Targets;
using System.Security.Cryptography;
using System.Text;

namespace Sockspec.Spec.Robustness;

/// <summary>
/// TCP is a stream: messages split across segments, coalesced with the next one, half-closes and large transfers.
/// No RFC sentence says so, because none needs to; the deviations file lists the servers that got it wrong.
/// </summary>
internal static class Framing
{
    private const string Section = "TCP stream";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("robustness/greeting-bytewise", Section, "a greeting sent one byte per segment is read whole (microsocks answered FF)")
            .Checks(Specified, "S5-GEN-03", "S5-GREET-01").Sends("the standard greeting, one byte per write, then CONNECT")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                var g = c.StandardGreeting();
                await conn.SendSplitAsync(CaseContext.Bytes(g), 1, TimeSpan.FromMilliseconds(20), ct);
                var sel = await conn.ReadMessageAsync<Socks5MethodSelection>(null, ct);
                if (!Usable(sel)) return new Observation { Step = "method selection", Read = sel };
                await c.AfterSelectionAsync(conn, sel, g, ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("robustness/request-bytewise", Section, "a request sent one byte per segment is read whole")
            .Checks(Specified, "S5-GEN-03", "S5-REQ-01").Sends("the handshake, then CONNECT one byte per write")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.ConnectEcho()), 1, TimeSpan.FromMilliseconds(10), ct);
                return await c.ReplyAsync(conn, ct);
            });

        foreach (int at in new[] { 1, 3, 4, 5, 9 })
        {
            yield return Case($"robustness/request-split-at-{at}", Section, $"a request split after byte {at} is read whole")
                .Checks(Specified, "S5-GEN-03", "S5-REQ-01").Sends($"the handshake, then CONNECT in two writes split after byte {at}")
                .Accept(Pass, Expect.SuccessRelayed)
                .Run(async (c, ct) =>
                {
                    var conn = await c.OpenSocks5Async(ct);
                    var bytes = CaseContext.Bytes(c.ConnectEcho());
                    await conn.SendAsync(bytes.AsMemory(0, at), ct);
                    await Task.Delay(50, ct);
                    await conn.SendAsync(bytes.AsMemory(at), ct);
                    return await c.ReplyAsync(conn, ct);
                });
        }

        yield return Case("robustness/domain-request-bytewise", Section, "a request by name sent one byte per segment is read whole")
            .Checks(Specified, "S5-GEN-03", "S5-ADDR-02").Sends("the handshake, then CONNECT localhost:echo one byte per write")
            .Accept(Pass, Expect.SuccessRelayed)
            // Any other failure here is a framing failure (microsocks answers X'01' to a request it read in pieces);
            // refusing names imprecisely is rfc1928/5/domain-localhost's to judge.
            .Accept(Unsupported, Expect.FailureThenClose(0x08))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.Connect(SocksAddress.FromDomain(Runner.Fixtures.FixtureSet.ResolvableName), c.EchoPort)), 1, TimeSpan.FromMilliseconds(5), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("robustness/pipelined-handshake", Section, "greeting, login and request in one segment (as tor and sing-box send) all get answered")
            .Checks(Should, "S5-GEN-03").Sends("greeting [+ login] + CONNECT in one write")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run(async (c, ct) => await Pipelined(c, ct, []));

        yield return Case("robustness/pipelined-with-data", Section, "data right behind a pipelined handshake is relayed, not lost")
            .Checks(Should, "S5-GEN-03", "S5-DATA-03").Sends("greeting [+ login] + CONNECT + a token in one write")
            .Accept(Pass, Expect.FactHolds("early-data", "the early token comes back"))
            .Run(async (c, ct) => await Pipelined(c, ct, CaseContext.Token()));

        yield return Case("robustness/request-with-data", Section, "data in the same segment as the request is relayed")
            .Checks(Should, "S5-GEN-03", "S5-DATA-03").Sends("the handshake, then CONNECT + a token in one write")
            .Accept(Pass, Expect.FactHolds("early-data", "the early token comes back"))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                var token = CaseContext.Token();
                await conn.SendAsync(CaseContext.Concat(CaseContext.Bytes(c.ConnectEcho()), token), ct);
                return await EarlyData(c, conn, token, ct);
            });

        yield return Case("robustness/half-close-to-server", Section, "the client's FIN reaches the destination after all its data")
            .Checks(Should, "S5-DATA-03").Sends("CONNECT to the sink, 100 KiB, FIN; the sink answers the count")
            .Accept(Pass, Expect.FactHolds("counted", "the sink counted every byte and answered"))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.Sink.Port), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
                const int size = 100 * 1024;
                await conn.SendAsync(new byte[size], ct);
                conn.ShutdownSend();
                var after = await conn.WaitForCloseAsync(c.Timeout, ct);
                var answer = Encoding.ASCII.GetString(after.ExtraBytes).Trim();
                return new Observation { Step = "reply", Read = reply, After = after, Facts = { ["counted"] = answer == size.ToString() } };
            });

        yield return Case("robustness/half-close-from-server", Section, "the destination's FIN reaches the client after all its data")
            .Checks(Should, "S5-DATA-03").Sends("CONNECT to echo, a token, its echo, then FIN; the echo FINs back")
            .Accept(Pass, new Outcome("the token, then FIN", o => o.Fact("echoed") && o.After is { Kind: Runner.Wire.CloseKind.Fin }))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
                var token = CaseContext.Token();
                await conn.SendAsync(token, ct);
                // The echo is awaited before the FIN: sent together, a proxy that closes both ways on the client's FIN
                // would race the echo and earn either verdict by timing alone. Data that must outlive the client's FIN
                // is robustness/half-close-to-server's subject (its sink answers only after the FIN).
                var (got, _) = await conn.ReadExactlyAsync(token.Length, null, ct);
                conn.ShutdownSend();
                var after = await conn.WaitForCloseAsync(c.Timeout, ct);
                return new Observation { Step = "reply", Read = reply, After = after, Facts = { ["echoed"] = got.AsSpan().SequenceEqual(token) } };
            });

        foreach (int kib in new[] { 1024, 4096 })
        {
            yield return Case($"robustness/large-transfer-{kib}k", Section, $"{kib} KiB through the relay and back arrive intact")
                .Checks(Specified, "S5-DATA-03").Sends($"CONNECT to echo, {kib} KiB of random bytes")
                .Accept(Pass, Expect.FactHolds("intact", "the echoed bytes hash the same"))
                .Run(async (c, ct) => await LargeTransfer(c, kib * 1024, ct));
        }

        yield return Case("robustness/slow-handshake", Section, "a handshake trickled over a second and a half is served (no premature timeout)")
            .Checks(Specified, "S5-GEN-03").Sends("greeting, then CONNECT, 4 bytes every 150 ms")
            .Accept(Pass, Expect.SuccessRelayed)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                var g = c.StandardGreeting();
                await conn.SendSplitAsync(CaseContext.Bytes(g), 1, TimeSpan.FromMilliseconds(150), ct);
                var sel = await conn.ReadMessageAsync<Socks5MethodSelection>(null, ct);
                if (!Usable(sel)) return new Observation { Step = "method selection", Read = sel };
                await c.AfterSelectionAsync(conn, sel, g, ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.ConnectEcho()), 4, TimeSpan.FromMilliseconds(150), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("robustness/idle-before-greeting", Section, "a client silent for 3 s before its greeting: served or closed (recorded)")
            .Checks(Specified, "S5-GREET-01").Sends("connect, wait 3 s, then the handshake and CONNECT")
            .Accept(Pass, Expect.SuccessRelayed)
            .Otherwise(Informational)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                var g = c.StandardGreeting();
                await conn.SendAsync(g, ct);
                var sel = await conn.ReadMessageAsync<Socks5MethodSelection>(null, ct);
                if (!sel.IsMessage) return new Observation { Step = "method selection", Read = sel };
                await c.AfterSelectionAsync(conn, sel, g, ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("robustness/idle-relay", Section, "an established relay idle for 3 s still works")
            .Checks(Specified, "S5-DATA-03").Sends("CONNECT to echo, wait 3 s, then a token")
            .Accept(Pass, Expect.FactHolds("echoed", "the token comes back"))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.ConnectEcho(), ct);
                var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                var (ok, detail) = await c.EchoCheckAsync(conn, ct);
                return new Observation { Step = "reply", Read = reply, RelayDetail = detail, Facts = { ["echoed"] = ok } };
            });

        yield return Case("robustness/concurrent-clients", Section, "32 clients at once are all served")
            .Checks(Specified, "S5-REQ-05").Sends("32 simultaneous handshakes and CONNECTs to echo")
            .Accept(Pass, Expect.FactHolds("all", "every one relays"))
            .Run(async (c, ct) =>
            {
                var all = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => c.RequestAsync(c.ConnectEcho(), ct)));
                int ok = all.Count(o => o.Relayed == true);
                return new Observation { Note = $"{ok} of 32 relayed", Facts = { ["all"] = ok == 32 } };
            });

        yield return Case("robustness/connect-then-fin", Section, "a client that connects and closes at once is let go")
            .Checks(Specified, "S5-GREET-01").Sends("connect, FIN")
            .Accept(Pass, new Outcome("the server closes too", o => o.After is { Closed: true }))
            .Otherwise(NonStrict)
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                conn.ShutdownSend();
                return new Observation { After = await conn.WaitForCloseAsync(c.Timeout, ct) };
            });

        yield return Case("robustness/http-request", Section, "an HTTP request instead of a greeting is refused, without a hang")
            .Checks(Specified, "S5-GREET-02").Sends("GET / HTTP/1.1")
            .Accept(Pass, new Outcome("closed (with or without an answer)", o => o.After is { Closed: true }))
            .Accept(NonStrict, new Outcome("left open", o => o.After is { Closed: false }))
            .Run(async (c, ct) =>
            {
                var conn = await c.ConnectAsync(ct);
                await conn.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: sockspec\r\n\r\n"), ct);
                return new Observation { After = await conn.WaitForCloseAsync(c.Timeout, ct) };
            });

        yield return Case("robustness/garbage-after-failure", Section, "bytes sent after a failure reply do not revive the connection")
            .Checks(Must, "S5-CLOSE-01").Sends("CONNECT to closed port, then another CONNECT to echo on the same connection")
            .Accept(Pass, Expect.FactFails("second-reply", "no second reply"), Expect.BareClose)
            // No failure reply to build on: the first answer is graded by rfc1928/6/closed-port-refused and
            // rfc1928/6/no-success-before-connect, not charged to S5-CLOSE-01 here.
            .Accept(Informational, new Outcome("a success reply to the CONNECT to a closed port, so no failure to test", o => o.Is<Socks5Reply>(r => r.Rep == 0)))
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendAsync(c.Connect(c.Ipv4Loopback, c.Fixtures.ClosedPort.Port), ct);
                var first = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
                // A failure reply cut short by a close still proves this rule: the connection cannot be revived.
                if (first.Kind is Runner.Wire.ReadKind.Closed or Runner.Wire.ReadKind.Reset)
                    return new Observation { Step = "reply", Read = first, Facts = { ["second-reply"] = false } };
                if (!first.IsMessage || first.Message.Rep == 0) return new Observation { Step = "reply", Read = first };
                await conn.SendAsync(c.ConnectEcho(), ct);
                var second = await conn.ReadMessageAsync<Socks5Reply>(c.Silence, ct);
                return new Observation { Step = "second request", Read = second, Facts = { ["second-reply"] = second.IsMessage } };
            });
    }

    private static bool Usable(Runner.Wire.ReadOutcome<Socks5MethodSelection> sel) => sel.IsMessage && sel.Message.Method is 0x00 or 0x02;

    private static async Task<Observation> Pipelined(CaseContext c, CancellationToken ct, byte[] data)
    {
        var conn = await c.ConnectAsync(ct);
        var g = c.StandardGreeting();
        var parts = new List<byte[]> { CaseContext.Bytes(g) };
        if (c.Credentials is { } cred) parts.Add(CaseContext.Bytes(new UsernamePasswordRequest(cred.User, cred.Password)));
        parts.Add(CaseContext.Bytes(c.ConnectEcho()));
        parts.Add(data);
        await conn.SendAsync(CaseContext.Concat([.. parts]), ct);
        var sel = await conn.ReadMessageAsync<Socks5MethodSelection>(null, ct);
        if (!sel.IsMessage) return new Observation { Step = "method selection", Read = sel };
        if (sel.Message.Method == 0x02)
        {
            var auth = await conn.ReadMessageAsync<UsernamePasswordResponse>(null, ct);
            if (!auth.IsMessage || auth.Message.Status != 0) return new Observation { Step = "auth response", Read = auth };
        }
        else if (sel.Message.Method != 0x00) return new Observation { Step = "method selection", Read = sel };
        return data.Length == 0 ? await c.ReplyAsync(conn, ct) : await EarlyData(c, conn, data, ct);
    }

    private static async Task<Observation> EarlyData(CaseContext c, Runner.Wire.TracedConnection conn, byte[] token, CancellationToken ct)
    {
        var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
        var (got, _) = await conn.ReadExactlyAsync(token.Length, null, ct);
        return new Observation { Step = "reply", Read = reply, Facts = { ["early-data"] = got.AsSpan().SequenceEqual(token) } };
    }

    private static async Task<Observation> LargeTransfer(CaseContext c, int size, CancellationToken ct)
    {
        var conn = await c.OpenSocks5Async(ct);
        await conn.SendAsync(c.ConnectEcho(), ct);
        var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (!reply.IsMessage || reply.Message.Rep != 0) return new Observation { Step = "reply", Read = reply };
        var data = CaseContext.Token(size);
        // Send and receive at once: the echo answers while we send, and a full socket buffer must not deadlock us.
        var send = conn.SendAsync(data, ct);
        var (got, end) = await conn.ReadExactlyAsync(size, c.Timeout * 2, ct);
        await send;
        bool intact = end is null && SHA256.HashData(got).AsSpan().SequenceEqual(SHA256.HashData(data));
        return new Observation { Step = "reply", Read = reply, Note = $"{got.Length} of {size} bytes back", Facts = { ["intact"] = intact } };
    }
}
