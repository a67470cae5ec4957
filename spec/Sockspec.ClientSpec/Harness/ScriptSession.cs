using System.Net;
using System.Net.Sockets;
using Sockspec.ClientSpec.Wire;
using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// The scripted server's side of one client connection: the steps scripts are made of (each read deadline- and
/// size-bounded through <see cref="TracedConnection"/>) and the facts they record for the case's outcomes.
/// </summary>
public sealed class ScriptSession(TracedConnection connection, ClientCaseContext context, int index)
{
    private static readonly TimeSpan BytewisePause = TimeSpan.FromMilliseconds(15);
    private const int MaxResponse = 64 * 1024;

    public TracedConnection Connection { get; } = connection;
    public ClientCaseContext Context { get; } = context;
    public int Index { get; } = index;

    /// <summary>The client's first octet, or how the connection ended before one arrived.</summary>
    public ReadOutcome<FirstOctet>? Opening { get; private set; }

    /// <summary>Detected dialect (SOCKS4 becomes SOCKS4a once the request shows the marker).</summary>
    public Applies? Protocol { get; private set; }

    public ReadOutcome<Socks5Greeting>? Greeting { get; private set; }
    public byte? SelectedMethod { get; private set; }
    public ReadOutcome<UsernamePasswordRequest>? Auth { get; private set; }
    public ReadOutcome<Socks5Request>? Request5 { get; private set; }
    public ReadOutcome<Socks4Frame>? Request4 { get; private set; }

    /// <summary>Octets that were already waiting right behind the SOCKS4 request (a double NUL shows up here).</summary>
    public byte[] AfterRequest4 { get; private set; } = [];

    /// <summary>The one deliberate deviation (or final act) of the server, and when it happened.</summary>
    public string? Trigger { get; private set; }
    public TimeSpan TriggerAt { get; private set; }

    /// <summary>What the client did after the trigger: closed (and when), or kept the connection, and what it sent.</summary>
    public CloseOutcome? AfterTrigger { get; private set; }

    public ReadOutcome<HttpRequestHead>? HttpHead { get; private set; }

    /// <summary>The target's response reached this connection.</summary>
    public bool Relayed { get; set; }

    /// <summary>Set when the client's dialect or offer makes the case not apply.</summary>
    public string? NotApplicable { get; private set; }

    public string? ScriptError { get; internal set; }

    public List<string> Notes { get; } = [];

    private CancellationToken Ct => Context.Cancel;

    public void Note(string text)
    {
        Notes.Add(text);
        Context.Trace.Note($"client#{Index}: {text}");
    }

    /// <summary>Waits for the first octet and decides whether the case applies to the client's dialect.</summary>
    public async Task<bool> OpenAsync(Applies applies)
    {
        Opening = await Connection.ReadMessageAsync<FirstOctet>(Context.Remaining, Ct);
        if (!Opening.IsMessage) return false;
        Protocol = Opening.Message.Value switch { 5 => Applies.Socks5, 4 => Applies.Socks4, _ => null };
        if (Protocol is null) return false;
        // SOCKS4 or 4a shows only in the request's DSTIP: decided in ReadRequest4Async.
        return CheckApplies(Protocol == Applies.Socks4 && (applies & Applies.Socks4Any) != 0 ? applies | Applies.Socks4 : applies);
    }

    private bool CheckApplies(Applies applies)
    {
        if ((applies & Protocol!.Value) != 0) return true;
        NotApplicable = $"the case is for {applies} clients; this client spoke {Protocol}";
        return false;
    }

    // ---- SOCKS5 -------------------------------------------------------------------------------------------------

    public async Task<bool> ReadGreetingAsync()
    {
        Greeting = await Connection.ReadMessageAsync<Socks5Greeting>(Context.Remaining, Ct);
        return Greeting.IsMessage;
    }

    public bool Offered(byte method) => Greeting is { IsMessage: true } g && g.Message.Methods.Span.Contains(method);

    /// <summary>
    /// A well-behaved selection: 00 when offered (02 when the case is about RFC 1929), else 02 with a successful
    /// sub-negotiation, else FF and close. False when the dialog cannot go on.
    /// </summary>
    public async Task<bool> NegotiateAsync()
    {
        bool userPass = Offered(0x02);
        if (Context.Case.NeedsUserPass && !userPass)
        {
            await MarkNotApplicableAsync("the client offered no username/password method (X'02')");
            return false;
        }
        if (Offered(0x00) && !Context.Case.NeedsUserPass) return await SelectAsync(0x00);
        if (userPass)
        {
            if (!await SelectAsync(0x02) || !await ReadAuthAsync()) return false;
            return await SendAsync(new byte[] { 1, 0 });
        }
        await RefuseAsync(new byte[] { 5, 0xFF }, Delivery.Whole, "no acceptable method: the client offered neither X'00' nor X'02'");
        return false;
    }

    public async Task<bool> SelectAsync(byte method, Delivery delivery = Delivery.Whole)
    {
        SelectedMethod = method;
        return await SendAsync(new byte[] { 5, method }, delivery);
    }

    public async Task<bool> ReadAuthAsync()
    {
        Auth = await Connection.ReadMessageAsync<UsernamePasswordRequest>(Context.Remaining, Ct);
        return Auth.IsMessage;
    }

    public async Task<bool> ReadRequest5Async()
    {
        Request5 = await Connection.ReadMessageAsync<Socks5Request>(Context.Remaining, Ct);
        return Request5.IsMessage;
    }

    /// <summary>A success reply whose BND is the server's own address, as a CONNECT reply should carry.</summary>
    public byte[] SuccessReply() => Encode(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromIPAddress(IPAddress.Loopback), (ushort)Connection.LocalEndPoint.Port));

    /// <summary>Negotiation and a request; false (with the facts recorded) when the client stopped short.</summary>
    public async Task<bool> Socks5UpToRequestAsync() =>
        await OpenAsync(Applies.Socks5) && await ReadGreetingAsync() && await NegotiateAsync() && await ReadRequest5Async();

    /// <summary>Ends a connection the case does not apply to (with X'FF', so that the client stops cleanly).</summary>
    public async Task MarkNotApplicableAsync(string reason)
    {
        NotApplicable = reason;
        if (Protocol == Applies.Socks5 && Greeting is { IsMessage: true } && SelectedMethod is null) await SendAsync(new byte[] { 5, 0xFF });
    }

    // ---- SOCKS4 / 4a --------------------------------------------------------------------------------------------

    public async Task<bool> ReadRequest4Async(Applies applies)
    {
        Request4 = await Connection.ReadMessageAsync<Socks4Frame>(Context.Remaining, Ct);
        if (!Request4.IsMessage) return false;
        AfterRequest4 = Connection.Pending.ToArray();
        if (Request4.Message.IsSocks4a) Protocol = Applies.Socks4a;
        return CheckApplies(applies);
    }

    public async Task<bool> Socks4UpToRequestAsync(Applies applies = Applies.Socks4Any) =>
        await OpenAsync(applies) && await ReadRequest4Async(applies);

    /// <summary>Granted, with DSTPORT/DSTIP zero (a CONNECT reply's are ignored).</summary>
    public static byte[] Socks4Reply(byte vn, byte cd, ushort port = 0, uint ip = 0) =>
        Encode(new Socks4Reply((Socks4Cd)cd, ip, port) { Vn = vn });

    // ---- common ---------------------------------------------------------------------------------------------------

    public static byte[] Encode<T>(in T message) where T : struct, ISocksMessage<T> => SocksMessage.ToArray(message);

    public Task<bool> SendAsync(ReadOnlyMemory<byte> bytes, Delivery delivery = Delivery.Whole) => delivery switch
    {
        Delivery.Bytewise => Connection.SendSplitAsync(bytes, 1, BytewisePause, Ct),
        Delivery.WithResponse => Connection.SendAsync(bytes.ToArray().Concat(Context.Target.Response.ToArray()).ToArray(), Ct),
        _ => Connection.SendAsync(bytes, Ct),
    };

    /// <summary>
    /// Sends a success reply and then serves the client's HTTP request through the target (or, with
    /// <see cref="Delivery.WithResponse"/>, has already sent the target's response right behind the reply).
    /// </summary>
    public async Task ServeAsync(byte[] reply, Delivery delivery = Delivery.Whole)
    {
        if (delivery == Delivery.WithResponse)
        {
            Relayed = await SendAsync(reply, Delivery.WithResponse);
            HttpHead = await Connection.ReadMessageAsync<HttpRequestHead>(Context.Remaining, Ct);
            await FinishAsync();
            return;
        }
        if (!await SendAsync(reply, delivery)) return;
        HttpHead = await Connection.ReadMessageAsync<HttpRequestHead>(Context.Remaining, Ct);
        if (!HttpHead.IsMessage) return;
        var response = await FetchFromTargetAsync(HttpHead.Bytes);
        if (response is null) return;
        Relayed = await Connection.SendAsync(response, Ct);
        await FinishAsync();
    }

    /// <summary>The deliberate deviation: send it, then watch what the client does until it closes or the watch ends.</summary>
    public async Task RefuseAsync(ReadOnlyMemory<byte> bytes, Delivery delivery, string trigger, TimeSpan? watch = null)
    {
        MarkTrigger(trigger);
        if (!bytes.IsEmpty && !await SendAsync(bytes, delivery)) return;
        AfterTrigger = await Connection.WaitForCloseAsync(Min(watch ?? Context.Watch, Context.Remaining), Ct);
    }

    /// <summary>
    /// The server goes silent (after sending <paramref name="bytes"/>, possibly nothing) and keeps the connection open
    /// until the client has ended: a close of ours would let a hanging client off the hook.
    /// </summary>
    public async Task SilenceAsync(ReadOnlyMemory<byte> bytes, string trigger)
    {
        await RefuseAsync(bytes, Delivery.Whole, trigger, Context.Remaining);
        await HoldUntilClientEndsAsync();
    }

    public async Task HoldUntilClientEndsAsync()
    {
        var cancelled = Task.Delay(Timeout.Infinite, Ct);
        await Task.WhenAny(Context.ClientDone, cancelled);
    }

    /// <summary>Sends <paramref name="bytes"/> and closes at once; then nothing more can be observed on this connection.</summary>
    public async Task CloseAfterAsync(ReadOnlyMemory<byte> bytes, string trigger)
    {
        MarkTrigger(trigger);
        if (!bytes.IsEmpty) await SendAsync(bytes);
        Connection.ShutdownSend();
        AfterTrigger = await Connection.WaitForCloseAsync(Min(Context.Watch, Context.Remaining), Ct);
    }

    private void MarkTrigger(string trigger)
    {
        Trigger = trigger;
        TriggerAt = Context.Trace.Elapsed;
        Context.Trace.Note($"client#{Index}: server {trigger}");
    }

    /// <summary>Our FIN, then a short wait for the client's, so that our close does not reset data still in flight.</summary>
    public async Task FinishAsync()
    {
        Connection.ShutdownSend();
        await Connection.WaitForCloseAsync(Min(TimeSpan.FromSeconds(1), Context.Remaining), Ct);
    }

    /// <summary>The relay leg: always to the case's own target on loopback, whatever the client asked for.</summary>
    private async Task<byte[]?> FetchFromTargetAsync(byte[] head)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(Context.Remaining);
        try
        {
            await socket.ConnectAsync(Context.Target.EndPoint, cts.Token);
            await socket.SendAsync(head, SocketFlags.None, cts.Token);
            var buffer = new byte[MaxResponse];
            int got = 0, n;
            while (got < buffer.Length && (n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, cts.Token)) > 0) got += n;
            Context.Trace.Add("target", TraceDirection.Local, TraceEventKind.Note, default, $"relayed the request to the target; {got} bytes came back");
            return buffer[..got];
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Note("the relay to the target failed: " + e.Message);
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
