using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>One message of a SOCKS dialog, in the order RFC 1928, 1929, 1961 and SOCKS4 give them.</summary>
public enum DialogStep : byte
{
    Greeting, Selection, UserPassRequest, UserPassResponse, GssClient, GssServer,
    Request5, Reply5, SecondReply5, Request4, Reply4, SecondReply4,

    /// <summary>Handshake complete: what follows either way is relayed data.</summary>
    Relaying,

    /// <summary>The dialog ended (<see cref="DialogFollower.EndedByMessage"/>) or cannot be followed further.</summary>
    Ended,
}

/// <summary>
/// Which message a SOCKS dialog expects next, from the messages seen so far: a greeting, then the method selection,
/// then the chosen method's sub-negotiation (RFC 1929 username/password, RFC 1961 GSS-API), the request, its reply and
/// for BIND a second reply. The one place that knows this order: the vector decoder feeds it both directions, the
/// dissector one direction, standing in for the unseen side's messages with what its own bytes imply
/// (<see cref="AssumeRequest"/> and the <c>Saw</c> overloads with a message it made up).
/// </summary>
public sealed class DialogFollower
{
    private DialogFollower(DialogStep step) => Step = step;

    public DialogStep Step { get; private set; }

    /// <summary>Why the dialog ended ("no acceptable methods", "request failed", ...); empty while it goes on.</summary>
    public string EndReason { get; private set; } = "";

    /// <summary>The dialog ended by a message that ends it (05 FF, a failed login, a failure reply, a GSS-API abort), not for want of knowledge.</summary>
    public bool EndedByMessage { get; private set; }

    /// <summary>The request's CMD/CD; null when the request was not seen (a second reply is then a guess).</summary>
    public byte? Command { get; private set; }

    /// <summary>What the greeting offered, for a one-direction reader guessing the server's choice.</summary>
    public bool OffersUserPass { get; private set; }

    public bool OffersGssApi { get; private set; }

    public static DialogFollower Socks5() => new(DialogStep.Greeting);

    public static DialogFollower Socks4() => new(DialogStep.Request4);

    /// <summary>A dialog joined at <paramref name="phase"/> (a reader handed one message's bytes); <paramref name="command"/> if known.</summary>
    public static DialogFollower At(DissectPhase phase, DissectRole role, byte? command = null) => new(phase switch
    {
        DissectPhase.Greeting => DialogStep.Greeting,
        DissectPhase.MethodSelection => DialogStep.Selection,
        DissectPhase.UserPassRequest => DialogStep.UserPassRequest,
        DissectPhase.UserPassResponse => DialogStep.UserPassResponse,
        DissectPhase.GssApi => role == DissectRole.Client ? DialogStep.GssClient : DialogStep.GssServer,
        DissectPhase.Request => DialogStep.Request5,
        DissectPhase.Reply => DialogStep.Reply5,
        DissectPhase.Socks4Request => DialogStep.Request4,
        DissectPhase.Socks4Reply => DialogStep.Reply4,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a dialog message"),
    })
    { Command = command };

    /// <summary>Each message step, in <see cref="DialogStep"/> order: who sends it, how it is read, what it is called.</summary>
    private static readonly (DissectRole Sender, DissectPhase Phase, string Name)[] Messages =
    [
        (DissectRole.Client, DissectPhase.Greeting, Socks5Greeting.Name),
        (DissectRole.Server, DissectPhase.MethodSelection, Socks5MethodSelection.Name),
        (DissectRole.Client, DissectPhase.UserPassRequest, UsernamePasswordRequest.Name),
        (DissectRole.Server, DissectPhase.UserPassResponse, UsernamePasswordResponse.Name),
        (DissectRole.Client, DissectPhase.GssApi, GssApiMessage.Name),
        (DissectRole.Server, DissectPhase.GssApi, GssApiMessage.Name),
        (DissectRole.Client, DissectPhase.Request, Socks5Request.Name),
        (DissectRole.Server, DissectPhase.Reply, Socks5Reply.Name),
        (DissectRole.Server, DissectPhase.Reply, Socks5Reply.Name),
        (DissectRole.Client, DissectPhase.Socks4Request, Socks4Request.Name),
        (DissectRole.Server, DissectPhase.Socks4Reply, Socks4Reply.Name),
        (DissectRole.Server, DissectPhase.Socks4Reply, Socks4Reply.Name),
    ];

    private bool Expecting => Step < DialogStep.Relaying;

    /// <summary>Who sends the expected message; null once the handshake is over.</summary>
    public DissectRole? Sender => Expecting ? Messages[(int)Step].Sender : null;

    /// <summary>How the expected message is read.</summary>
    public DissectPhase? Phase => Expecting ? Messages[(int)Step].Phase : null;

    /// <summary>The expected message's name, for "truncated ..." and "sent before the ... it waits for".</summary>
    public string? MessageName => Expecting ? Messages[(int)Step].Name : null;

    public void Saw(in Socks5Greeting m)
    {
        OffersUserPass = m.Methods.Span.Contains((byte)Socks5Method.UsernamePassword);
        OffersGssApi = m.Methods.Span.Contains((byte)Socks5Method.GssApi);
        Step = DialogStep.Selection;
    }

    public void Saw(in Socks5MethodSelection m) => Step = m.Method switch
    {
        (byte)Socks5Method.NoAuthentication => DialogStep.Request5,
        (byte)Socks5Method.GssApi => DialogStep.GssClient,
        (byte)Socks5Method.UsernamePassword => DialogStep.UserPassRequest,
        (byte)Socks5Method.NoAcceptableMethods => End("no acceptable methods", byMessage: true),
        // X'03'-X'FE': a sub-negotiation this follower does not know.
        _ => End($"method {m.Method:x2} is not followed", byMessage: false),
    };

    public void Saw(in UsernamePasswordRequest _) => Step = DialogStep.UserPassResponse;

    public void Saw(in UsernamePasswordResponse m) => Step = m.Succeeded ? DialogStep.Request5 : End("authentication failed", byMessage: true);

    /// <summary>RFC 1961: tokens go back and forth (context establishment, then protection-level and encapsulated messages) until one side aborts.</summary>
    public void Saw(in GssApiMessage m) => Step = m.IsAbort ? End("GSS-API abort", byMessage: true)
        : Step == DialogStep.GssClient ? DialogStep.GssServer : DialogStep.GssClient;

    public void Saw(in Socks5Request m)
    {
        Command = m.Cmd;
        Step = DialogStep.Reply5;
    }

    public void Saw(in Socks4Request m)
    {
        Command = m.Cd;
        Step = DialogStep.Reply4;
    }

    /// <summary>The request went by unseen (a reader of the server's bytes alone): the replies follow, the command unknown.</summary>
    public void AssumeRequest() => Step = Step == DialogStep.Request4 ? DialogStep.Reply4 : DialogStep.Reply5;

    public void Saw(in Socks5Reply m) => Step = Reply(m.Succeeded, Step == DialogStep.SecondReply5, (byte)Socks5Command.Bind, DialogStep.SecondReply5, "request failed");

    public void Saw(in Socks4Reply m) => Step = Reply(m.Granted, Step == DialogStep.SecondReply4, (byte)Socks4Command.Bind, DialogStep.SecondReply4, "request rejected");

    /// <summary>At a second reply: whether it is certain (BIND was seen) or only possible (the request went unseen).</summary>
    public bool SecondReplyIsAGuess => Step is DialogStep.SecondReply5 or DialogStep.SecondReply4 && Command is null;

    private DialogStep Reply(bool succeeded, bool second, byte bind, DialogStep secondStep, string failure)
    {
        if (!succeeded) return End(second ? "BIND failed" : failure, byMessage: true);
        if (second) return DialogStep.Relaying;
        // BIND has two replies (the second when the peer connects); with the command unknown a second may come.
        return Command is null || Command == bind ? secondStep : DialogStep.Relaying;
    }

    /// <summary>The reader cannot follow further (a framing error, bytes it cannot place).</summary>
    public void Stop(string reason) => Step = End(reason, byMessage: false);

    private DialogStep End(string reason, bool byMessage)
    {
        EndReason = reason;
        EndedByMessage = byMessage;
        return DialogStep.Ended;
    }
}
