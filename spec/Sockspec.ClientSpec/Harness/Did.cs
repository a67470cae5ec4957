using Sockspec.Runner.Cases;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>A check of what the client sent: null when it is right, else a sentence saying what is wrong.</summary>
public delegate string? Check(CaseObservation o);

/// <summary>
/// What a client can be seen to do to the scripted server: the outcomes client cases accept per verdict, as
/// the spec's Expect outcomes are for server cases. <c>.Accept(Fail, Did.Fetch, Did.SendAfterTrigger)
/// .Accept(NonStrict, Did.Hang).Accept(Pass, Did.GiveUp)</c> is a refusal the client must honour. Hanging is never a
/// MUST violation by itself (no document bounds a client's patience), so cases grade it non-strict.
/// </summary>
public static class Did
{
    /// <summary>The target's body reached the client's output.</summary>
    public static Outcome<CaseObservation> Fetch { get; } = new("fetched the body", o => o.Fetched);

    /// <summary>The client ended by itself without the body.</summary>
    public static Outcome<CaseObservation> GiveUp { get; } = new("ended without the body", o => o.Client.Kind == ClientOutcomeKind.Failed);

    /// <summary>Still running at the deadline.</summary>
    public static Outcome<CaseObservation> Hang { get; } = new("still running at the deadline (hung)", o => o.Hung);

    /// <summary>Any connection sent octets after the server's deliberate deviation (a refusal, a bad reply, silence).</summary>
    public static Outcome<CaseObservation> SendAfterTrigger { get; } =
        new("sent octets after the server's deviation", o => o.SentAfterTrigger.Length > 0)
        {
            Explain = o => $"sent {o.SentAfterTrigger.Length} octet(s) after the server's deviation ({Hex(o.SentAfterTrigger)})",
        };

    /// <summary>The client closed the connection within the watch after the deviation.</summary>
    public static Outcome<CaseObservation> Close { get; } = new("closed the connection", o => o.Primary.AfterTrigger is { Closed: true });

    /// <summary>No octet of a SOCKS request (version 5 or 4) was sent.</summary>
    public static Outcome<CaseObservation> SendNoRequest { get; } =
        new("sent no request", o => !Sent(o.Primary.Request5) && !Sent(o.Primary.Request4));

    /// <summary>The scripted server relayed the client's data to the target.</summary>
    public static Outcome<CaseObservation> NotRelay { get; } = new("nothing was relayed", o => !o.Primary.Relayed);

    /// <summary>What the client sent breaks <paramref name="check"/>; the check's sentence says how.</summary>
    public static Outcome<CaseObservation> Break(Check check) =>
        new("what it sent breaks a rule", o => check(o) is not null) { Explain = o => check(o) };

    /// <summary>The client's greeting offered <paramref name="method"/>.</summary>
    public static Outcome<CaseObservation> Offer(byte method) => new($"offered X'{method:X2}'", o => o.Primary.Offered(method));

    /// <summary>The same test under other words, for a case where the outcome means something particular.</summary>
    public static Outcome<CaseObservation> Named(this Outcome<CaseObservation> outcome, string description) =>
        outcome with { Description = description };

    public static string Hex(byte[] b) => b.Length <= 32 ? Convert.ToHexString(b) : Convert.ToHexString(b.AsSpan(0, 32)) + "...";

    /// <summary>"No bytes of a message" counts as not sending it; a partial message is what was sent.</summary>
    public static bool Sent(ReadOutcome? r) => r is not null && (r.IsMessage || r.Bytes.Length > 0 || r.Kind == ReadKind.FramingError);
}
