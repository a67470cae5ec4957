using Sockspec.Codec;
using Sockspec.Runner.Cases;

namespace Sockspec.Spec;

/// <summary>
/// The outcomes cases accept, named once so that every case says the same thing the same way. "Then close" means
/// within RFC 1928 §6's 10 seconds.
/// </summary>
internal static class Expect
{
    private static readonly TimeSpan Limit = CaseContext.CloseLimit;

    // ---- Method selection (RFC 1928 §3) ----

    public static Outcome Selects(byte method) =>
        new($"selection 05 {method:X2}", o => o.Clean && o.Is<Socks5MethodSelection>(m => m.Method == method));

    public static Outcome SelectsOneOf(params byte[] offered) =>
        new($"a well-formed selection of one of [{Convert.ToHexString(offered)}]", o => o.Clean && o.Is<Socks5MethodSelection>(m => offered.Contains(m.Method)));

    public static readonly Outcome NoAcceptableThenClose =
        new("selection 05 FF, then close", o => o.Clean && o.Is<Socks5MethodSelection>(m => m.Method == 0xFF) && o.ClosedWithin(Limit));

    /// <summary>05 FF, but the connection stays open (S5-METHOD-04 says the client closes; the server is expected to).</summary>
    public static readonly Outcome NoAcceptableStaysOpen =
        new("selection 05 FF without a close", o => o.Clean && o.Is<Socks5MethodSelection>(m => m.Method == 0xFF));

    public static readonly Outcome BareClose = new("close (FIN or RST) with no reply", o => o.BareClose);

    // ---- Requests and replies (RFC 1928 §4, §6) ----

    public static readonly Outcome Success = new("well-formed success reply (REP 00)", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0));

    public static readonly Outcome SuccessRelayed =
        new("well-formed success reply (REP 00) and an intact relay", o => o.Clean && o.Is<Socks5Reply>(r => r.Rep == 0) && o.Relayed == true);

    public static readonly Outcome AnySuccess = new("a success reply (REP 00)", o => o.Is<Socks5Reply>(r => r.Rep == 0));

    /// <summary>
    /// A success where a failure was due. A rule about what follows a failure reply (S5-CLOSE-01) does not apply to it;
    /// the false success itself is graded by rfc1928/6/no-success-before-connect (S5-CONN-03), so charging it here again
    /// would fail a rule the target never broke.
    /// </summary>
    public static readonly Outcome SuccessInsteadOfFailure =
        new("a success reply instead of a failure (no failure reply to close after; see rfc1928/6/no-success-before-connect)",
            o => o.Is<Socks5Reply>(r => r.Rep == 0));

    /// <summary>A well-formed failure reply with one of <paramref name="reps"/> (any non-zero when none given), then a close.</summary>
    public static Outcome FailureThenClose(params byte[] reps) =>
        new(reps.Length == 0 ? "well-formed failure reply (REP != 00), then close" : $"well-formed failure reply REP {string.Join("/", reps.Select(r => r.ToString("X2")))}, then close",
            o => o.Clean && o.Is<Socks5Reply>(r => r.Rep != 0 && (reps.Length == 0 || reps.Contains(r.Rep))) && o.ClosedWithin(Limit));

    public static readonly Outcome AnyFailureThenClose = FailureThenClose();

    /// <summary>A failure reply, well-formed or not, closed or not: a rejection of some kind.</summary>
    public static readonly Outcome AnyFailureReply = new("a failure reply (REP != 00)", o => o.Is<Socks5Reply>(r => r.Rep != 0));

    public static readonly Outcome Rejected = AnyFailureThenClose.Or(BareClose);

    /// <summary>Nothing came back within the read deadline and the connection stayed open (waiting for more bytes).</summary>
    public static readonly Outcome Silent = new("no answer, connection kept open", o => o.Read is { Kind: Runner.Wire.ReadKind.Timeout, Bytes.Length: 0 });

    // ---- RFC 1929 ----

    public static readonly Outcome AuthSuccess =
        new("response 01 00", o => o.Clean && o.Is<UsernamePasswordResponse>(r => r.Status == 0));

    public static readonly Outcome AuthFailureThenClose =
        new("well-formed response with STATUS != 00, then close", o => o.Clean && o.Is<UsernamePasswordResponse>(r => r.Status != 0) && o.ClosedWithin(Limit));

    // ---- SOCKS4 ----

    public static readonly Outcome Granted =
        new("reply VN 0 CD 90 and an intact relay", o => o.Clean && o.Is<Socks4Reply>(r => r.Cd == 90) && o.Relayed == true);

    public static readonly Outcome GrantedNoRelayCheck = new("reply VN 0 CD 90", o => o.Clean && o.Is<Socks4Reply>(r => r.Cd == 90));

    public static readonly Outcome AnyGrant = new("a reply with CD 90", o => o.Is<Socks4Reply>(r => r.Cd == 90));

    public static readonly Outcome Socks4RejectThenClose =
        new("reply VN 0 CD 91-93, then close", o => o.Clean && o.Is<Socks4Reply>(r => r.Cd is >= 91 and <= 93) && o.ClosedWithin(Limit));

    public static readonly Outcome Socks4Rejected = Socks4RejectThenClose.Or(BareClose);

    // ---- Facts ----

    public static Outcome FactHolds(string fact, string description) => new(description, o => o.Fact(fact));

    public static Outcome FactFails(string fact, string description) => new(description, o => o.Facts.ContainsKey(fact) && !o.Fact(fact));
}
