using Sockspec.Targets;
using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>The SOCKS5 steps cases share: greeting, login with the run's credentials, request, reply, relay check.</summary>
public sealed partial class CaseContext
{
    /// <summary>What a client with the run's credentials offers: 00, plus 02 when credentials were given.</summary>
    public Socks5Greeting StandardGreeting() => Credentials is null ? new Socks5Greeting(0x00) : new Socks5Greeting(0x00, 0x02);

    /// <summary>Sends a greeting on a fresh connection and reads the method selection.</summary>
    public async Task<(TracedConnection Conn, ReadOutcome<Socks5MethodSelection> Selection)> GreetAsync(Socks5Greeting greeting, CancellationToken ct)
    {
        var conn = await ConnectAsync(ct);
        await conn.SendAsync(greeting, ct);
        return (conn, await conn.ReadMessageAsync<Socks5MethodSelection>(null, ct));
    }

    /// <summary>
    /// Opens a connection and completes the steps before the request (greeting, selection, login with the run's
    /// credentials). These steps are not what the calling case tests, so when they break the case is an error.
    /// </summary>
    public async Task<TracedConnection> OpenSocks5Async(CancellationToken ct)
    {
        var greeting = StandardGreeting();
        var (conn, sel) = await GreetAsync(greeting, ct);
        await AfterSelectionAsync(conn, sel, greeting, ct);
        return conn;
    }

    /// <summary>Finishes the method sub-negotiation after a selection has been read.</summary>
    public async Task AfterSelectionAsync(TracedConnection conn, ReadOutcome<Socks5MethodSelection> sel, Socks5Greeting offered, CancellationToken ct)
    {
        if (!sel.IsMessage) throw new CaseAbort(Verdict.Error, $"handshake before the tested step broke: method selection was {sel.Describe()}");
        byte m = sel.Message.Method;
        if (m == 0x00 && offered.Methods.Span.Contains((byte)0x00)) return;
        if (m == 0x02 && Credentials is not null)
        {
            await LoginAsync(conn, ct);
            return;
        }
        if (Credentials is null && !Features.HasFlag(Model.Features.NoAuth))
            throw new CaseAbort(Verdict.Skipped, "the target requires authentication (it does not accept method 00); give --user and --password");
        throw new CaseAbort(Verdict.Error,
            $"handshake before the tested step broke: the target selected method 0x{m:X2} for an offer of [{offered.Methods}]" +
            (m == 0xFF && Credentials is null ? " (does the target need --user and --password?)" : ""));
    }

    /// <summary>RFC 1929 login with the run's credentials; an error for the case when it does not succeed.</summary>
    public async Task LoginAsync(TracedConnection conn, CancellationToken ct)
    {
        if (Credentials is null) throw new CaseAbort(Verdict.Skipped, "the target asked for username/password and the run has no --user/--password");
        await conn.SendAsync(new UsernamePasswordRequest(Credentials.User, Credentials.Password), ct);
        var r = await conn.ReadMessageAsync<UsernamePasswordResponse>(null, ct);
        if (!r.IsMessage || r.Message.Status != 0)
            throw new CaseAbort(Verdict.Error, $"login with the run's credentials failed: {r.Describe()}");
    }

    /// <summary>Full handshake, then <paramref name="request"/>, then the reply judged by <see cref="ReplyAsync"/>.</summary>
    public async Task<Observation> RequestAsync(Socks5Request request, CancellationToken ct, bool relay = true)
    {
        var conn = await OpenSocks5Async(ct);
        await conn.SendAsync(request, ct);
        return await ReplyAsync(conn, ct, relay);
    }

    /// <summary>
    /// Reads a reply. On success (REP 00) it checks the relay through the echo fixture when <paramref name="relay"/>;
    /// on a failure reply it waits for the close the RFC requires; otherwise the read is the observation.
    /// </summary>
    public Task<Observation> ReplyAsync(TracedConnection conn, CancellationToken ct, bool relay = true, string step = "reply") =>
        AnswerAsync<Socks5Reply>(conn, r => r.Rep == 0, ct, relay, step);

    /// <summary>
    /// The step every request ends with, SOCKS5 and SOCKS4 alike: read the answer; when it grants the request, check the
    /// relay through the echo fixture (unless <paramref name="relay"/> is off); otherwise wait for the close.
    /// </summary>
    private async Task<Observation> AnswerAsync<T>(TracedConnection conn, Func<T, bool> granted, CancellationToken ct, bool relay, string step)
        where T : struct, ISocksMessage<T>
    {
        var start = Trace.Elapsed;
        var reply = await conn.ReadMessageAsync<T>(null, ct);
        if (reply.IsMessage && granted(reply.Message))
        {
            if (!relay) return new Observation { Step = step, Read = reply };
            var (ok, detail) = await EchoCheckAsync(conn, ct);
            return new Observation { Step = step, Read = reply, Relayed = ok, RelayDetail = detail };
        }
        return new Observation { Step = step, Read = reply, After = await EndAfterAsync(conn, reply, start, ct) };
    }

    /// <summary>
    /// How the connection ended after a read that was not a success: for a whole (or unframeable) answer, the wait for
    /// the close RFC 1928 §6 requires; for an answer cut short by a FIN or RST, that close, timed from when the read
    /// began (<paramref name="readStart"/>), so that a short failure reply and a close still prove "closed within
    /// 10 s". Null for a bare close (nothing to close after) or a read that timed out (not closed).
    /// </summary>
    public async Task<CloseOutcome?> EndAfterAsync(TracedConnection conn, ReadOutcome read, TimeSpan readStart, CancellationToken ct) => read switch
    {
        { Kind: ReadKind.Message or ReadKind.FramingError } => await conn.WaitForCloseAsync(CloseWait, ct),
        { Kind: ReadKind.Closed, Bytes.Length: > 0 } => new CloseOutcome(CloseKind.Fin, read.At - readStart, []),
        { Kind: ReadKind.Reset, Bytes.Length: > 0 } => new CloseOutcome(CloseKind.Reset, read.At - readStart, []),
        _ => null,
    };

    /// <summary>Sends a fresh token through a relay whose far end is the echo fixture and checks it comes back intact.</summary>
    public async Task<(bool Ok, string? Detail)> EchoCheckAsync(TracedConnection conn, CancellationToken ct, int length = 32)
    {
        var token = Token(length);
        if (!await conn.SendAsync(token, ct)) return (false, "send failed");
        var (got, end) = await conn.ReadExactlyAsync(token.Length, null, ct);
        if (end is { } e) return (false, $"{e} after {got.Length} of {token.Length} echoed bytes");
        return got.AsSpan().SequenceEqual(token) ? (true, null) : (false, "echoed bytes differ");
    }

    /// <summary>The raw bytes of a message, for cases that glue several messages into one segment.</summary>
    public static byte[] Bytes<T>(in T message) where T : struct, ISocksMessage<T> => SocksMessage.ToArray(message);

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
