using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Runner.Wire;

namespace Sockspec.Spec;

/// <summary>
/// The outcomes cases accept, named once so that every case says the same thing the same way (spec/GRADING.md is the
/// policy they implement). "Then close" means within RFC 1928 §6's 10 seconds.
/// <para>
/// One defect, one failure: only outcomes named "well-formed" (and the cases that check a layout requirement) insist
/// on a message that breaks no rule. Every other outcome reads the code octet (REP, CD, STATUS, METHOD) from whatever
/// arrived, whole or cut short, so a malformed reply fails the layout case and nothing else.
/// </para>
/// <para>
/// Where the protocol defines a reply (every SOCKS5 request outcome, every SOCKS4 request outcome, the method
/// selection), no outcome here lets a bare close or silence stand in for it: <see cref="FailureReply"/> and
/// <see cref="Socks4Rejected"/> need the reply (before issue 13 "rejected" also took a bare close).
/// <see cref="RefusedOrClosed"/> and <see cref="Socks4RefusedOrClosed"/> are for messages a server cannot take as its
/// protocol, or never received whole, where a close is one of the two right answers.
/// </para>
/// </summary>
internal static class Expect
{
    private static readonly TimeSpan Limit = CaseContext.CloseLimit;

    /// <summary>The decisive message framed and breaks no rule (for the cases that check a layout requirement).</summary>
    public static readonly Outcome WellFormed = new("well-formed", o => o.Clean);

    // ---- Method selection (RFC 1928 §3) ----

    public static Outcome Selects(byte method) =>
        new($"selection 05 {method:X2}", o => o.Is<Socks5MethodSelection>(m => m.Method == method));

    public static Outcome SelectsOneOf(params byte[] offered) =>
        new($"a selection of one of [{Convert.ToHexString(offered)}]", o => o.Is<Socks5MethodSelection>(m => offered.Contains(m.Method)));

    public static readonly Outcome NoAcceptableThenClose =
        new("selection 05 FF, then close", o => o.Is<Socks5MethodSelection>(m => m.Method == 0xFF) && o.ClosedWithin(Limit));

    /// <summary>05 FF, but the connection stays open (S5-METHOD-04 says the client closes; the server is expected to).</summary>
    public static readonly Outcome NoAcceptableStaysOpen =
        new("selection 05 FF without a close", o => o.Is<Socks5MethodSelection>(m => m.Method == 0xFF));

    public static readonly Outcome BareClose = new("close (FIN or RST) with no reply", o => o.BareClose);

    // ---- Requests and replies (RFC 1928 §4, §6) ----

    /// <summary>The success-reply layout check (rfc1928/6/success-well-formed): VER 05, RSV 00, a valid ATYP.</summary>
    public static readonly Outcome Success = new("well-formed success reply (REP 00)", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0));

    public static readonly Outcome SuccessRelayed =
        new("success reply (REP 00) and an intact relay", o => o.Is<Socks5Reply>(r => r.Rep == 0) && o.Relayed == true);

    public static readonly Outcome AnySuccess = new("a success reply (REP 00)", o => o.Is<Socks5Reply>(r => r.Rep == 0));

    /// <summary>
    /// A success where a failure was due. A rule about what follows a failure reply (S5-CLOSE-01) does not apply to it;
    /// the false success itself is graded by rfc1928/6/no-success-before-connect (S5-CONN-03), so charging it here again
    /// would fail a rule the target never broke.
    /// </summary>
    public static readonly Outcome SuccessInsteadOfFailure =
        new("a success reply instead of a failure (no failure reply to close after; see rfc1928/6/no-success-before-connect)",
            o => o.Is<Socks5Reply>(r => r.Rep == 0));

    /// <summary>
    /// A failure reply with one of <paramref name="reps"/> (any non-zero when none given), whatever follows it: the REP
    /// octet read from a whole reply, or from one cut short (its layout is rfc1928/6/failure-full-layout's business, its
    /// close the close-within-10s cases').
    /// </summary>
    public static Outcome FailureReply(params byte[] reps) =>
        new(reps.Length == 0 ? "a failure reply (REP != 00)" : $"a failure reply REP {Codes(reps)}",
            o => o.Code<Socks5Reply>(5) is { } rep && rep != 0 && (reps.Length == 0 || reps.Contains(rep)));

    /// <summary><see cref="FailureReply"/>, then a close within 10 s: the refusal RFC 1928 §6 defines.</summary>
    public static Outcome FailureThenClose(params byte[] reps) =>
        new((reps.Length == 0 ? "a failure reply (REP != 00)" : $"a failure reply REP {Codes(reps)}") + ", then close",
            o => FailureReply(reps).Matches(o) && o.ClosedWithin(Limit));

    public static readonly Outcome AnyFailureThenClose = FailureThenClose();

    public static readonly Outcome AnyFailureReply = FailureReply();

    /// <summary>
    /// For a message the server cannot take as SOCKS5 (a request with another VER, an unparseable one): a failure reply
    /// or a close are both right, since the RFC defines no reply to a message that is not its protocol.
    /// </summary>
    public static readonly Outcome RefusedOrClosed = AnyFailureReply.Or(BareClose);

    /// <summary>Nothing came back within the read deadline and the connection stayed open (waiting for more bytes).</summary>
    public static readonly Outcome Silent = new("no answer, connection kept open", o => o.Read is { Kind: ReadKind.Timeout, Bytes.Length: 0 });

    // ---- RFC 1929 ----

    public static readonly Outcome AuthSuccess =
        new("response STATUS 00", o => o.Is<UsernamePasswordResponse>(r => r.Status == 0));

    public static readonly Outcome AuthFailureThenClose =
        new("a response with STATUS != 00, then close",
            o => o.Code<UsernamePasswordResponse>(1) is { } status && status != 0 && o.ClosedWithin(Limit));

    // ---- SOCKS4 ----

    public static readonly Outcome Granted =
        new("reply CD 90 and an intact relay", o => o.Is<Socks4Reply>(r => r.Cd == 90) && o.Relayed == true);

    public static readonly Outcome GrantedNoRelayCheck = new("reply CD 90", o => o.Is<Socks4Reply>(r => r.Cd == 90));

    public static readonly Outcome AnyGrant = new("a reply with CD 90", o => o.Is<Socks4Reply>(r => r.Cd == 90));

    /// <summary>
    /// A SOCKS4 reject with one of <paramref name="cds"/> (91-93 when none given), whatever follows it: CD read as
    /// <see cref="FailureReply"/> reads REP (its layout is socks4/connect/reply-8-bytes' business, its close
    /// socks4/connect/reject-closes-promptly's).
    /// </summary>
    public static Outcome Socks4Reject(params byte[] cds)
    {
        byte[] allowed = cds.Length == 0 ? [91, 92, 93] : cds;
        return new($"a reject CD {string.Join("/", allowed)}", o => o.Code<Socks4Reply>(0) is { } cd && allowed.Contains(cd));
    }

    /// <summary><see cref="Socks4Reject"/>, then a close ("the SOCKS server closes its connection immediately").</summary>
    public static Outcome Socks4RejectThenClose(params byte[] cds) =>
        new(Socks4Reject(cds).Description + ", then close", o => Socks4Reject(cds).Matches(o) && o.ClosedWithin(Limit));

    /// <summary>The SOCKS4 refusal: CD 91 ("rejected or failed", the code for everything but identd trouble).</summary>
    public static readonly Outcome Socks4Rejected = Socks4Reject(91);

    /// <summary>CD 92 or 93 (identd trouble) where no identd was involved: a defined but less fitting code.</summary>
    public static readonly Outcome Socks4RejectedImprecisely = Socks4Reject(92, 93);

    /// <summary>For a message a SOCKS4 server cannot take (no NUL before the FIN): a reject or a close.</summary>
    public static readonly Outcome Socks4RefusedOrClosed = Socks4RejectThenClose().Or(BareClose);

    // ---- Facts ----

    public static Outcome FactHolds(string fact, string description) => new(description, o => o.Fact(fact));

    public static Outcome FactFails(string fact, string description) => new(description, o => o.Facts.ContainsKey(fact) && !o.Fact(fact));

    private static string Codes(byte[] codes) => string.Join("/", codes.Select(c => c.ToString("X2")));
}
