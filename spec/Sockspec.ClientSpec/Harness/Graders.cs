using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// The outcome sets cases accept, as reusable graders. Each accepts every behaviour the documents allow; hanging is
/// never a MUST violation by itself (no document bounds a client's patience), so it grades non-strict.
/// </summary>
public static class Graders
{
    /// <summary>A check of what the client sent: null when it is right, else what is wrong.</summary>
    public delegate string? Check(CaseObservation o);

    /// <summary>The server behaved (within what the RFC allows): the client must fetch, and pass the check.</summary>
    public static Grader MustFetch(Check? check = null) => o =>
    {
        if (check?.Invoke(o) is { } problem) return Grade.Fail(problem + "; " + o.Story());
        return o.Fetched ? Grade.Pass(o.Story()) : Grade.Fail("did not fetch through a server that allowed it: " + o.Story());
    };

    /// <summary>Grades only what the client sent; fetching is not required (a later step may be the client's choice).</summary>
    public static Grader Sent(Check check, Func<CaseObservation, bool>? applies = null, string? notApplicable = null) => o =>
    {
        if (applies is not null && !applies(o)) return new Grade(Verdict.Skipped, notApplicable ?? "not applicable: " + o.Story());
        return check(o) is { } problem ? Grade.Fail(problem + "; " + o.Story()) : Grade.Pass(o.Story());
    };

    /// <summary>
    /// Grades the request the client sent, or its refusal to send one (a name too long for the protocol): refusing means
    /// ending without a request; connecting, sending none and hanging is neither, so non-strict (GRADING.md C3, C7).
    /// </summary>
    public static Grader SentOrRefused(Check check) => o =>
    {
        if (check(o) is { } problem) return Grade.Fail(problem + "; " + o.Story());
        bool sentRequest = Sent(o.Primary.Request5) || Sent(o.Primary.Request4);
        if (!sentRequest && o.Hung) return new Grade(Verdict.NonStrict, "sent no request and did not give up (hung): " + o.Story());
        return Grade.Pass(o.Story());
    };

    /// <summary>
    /// The server signalled failure (or sent something unusable): the client must not fetch and must send nothing
    /// more on that connection (no application data, no further SOCKS message). Closing, or waiting for the server
    /// to close, are both fine; still running at the deadline is non-strict.
    /// </summary>
    public static Grader MustRefuse() => o =>
    {
        if (o.Fetched) return Grade.Fail("fetched although the server refused: " + o.Story());
        if (o.SentAfterTrigger is { Length: > 0 } extra)
            return Grade.Fail($"sent {extra.Length} octet(s) after the server's refusal ({ReadOutcomeHex(extra)}): " + o.Story());
        if (o.Hung) return new Grade(Verdict.NonStrict, "refused nothing on the wire but did not give up: " + o.Story());
        return Grade.Pass(o.Story());
    };

    /// <summary>RFC 1928 §3 after X'FF': the client MUST close (within the watch) and send nothing more.</summary>
    public static Grader MustClose() => o =>
    {
        var after = o.Primary.AfterTrigger;
        if (o.Fetched) return Grade.Fail("fetched although no method was acceptable: " + o.Story());
        if (o.SentAfterTrigger is { Length: > 0 } extra)
            return Grade.Fail($"sent {extra.Length} octet(s) after X'FF' ({ReadOutcomeHex(extra)}): " + o.Story());
        if (after is null || !after.Closed) return Grade.Fail("did not close the connection after X'FF': " + o.Story());
        return Grade.Pass(o.Story());
    };

    /// <summary>The server went silent or stopped short: the client must give up by itself (and not fetch).</summary>
    public static Grader MustGiveUp(bool dataAfterIsWrong) => o =>
    {
        if (o.Fetched) return Grade.Fail("fetched although the server never completed the handshake: " + o.Story());
        if (dataAfterIsWrong && o.SentAfterTrigger is { Length: > 0 } extra)
            return Grade.Fail($"sent {extra.Length} octet(s) as if the handshake had completed ({ReadOutcomeHex(extra)}): " + o.Story());
        if (o.Hung) return new Grade(Verdict.NonStrict, "hung: " + o.Story());
        return Grade.Pass(o.Story());
    };

    /// <summary>The documents allow either fetching or refusing; record which, unless the client hung or misread.</summary>
    public static Grader EitherWay(string acceptedText, string refusedText) => o =>
    {
        if (o.Fetched) return Grade.Info(acceptedText + ": " + o.Story());
        if (o.Hung) return new Grade(Verdict.NonStrict, "neither accepted nor refused (hung): " + o.Story());
        if (o.SentAfterTrigger is { Length: > 0 } extra && !o.Primary.Relayed)
            return Grade.Fail($"sent {extra.Length} octet(s) and then did not fetch ({ReadOutcomeHex(extra)}): " + o.Story());
        return Grade.Info(refusedText + ": " + o.Story());
    };

    /// <summary>
    /// A grade as strong as the case's requirements allow (spec/GRADING.md, C5): where every requirement the case cites
    /// is a SHOULD or MAY, breaking it is non-strict, never a failure; a failure under --strict all the same.
    /// </summary>
    public static Grade WithinLevel(ClientCase c, Grade g) =>
        g.Verdict == Verdict.Fail && c.Requirements.All(id => c.Catalogue(id)?.Level is RequirementLevel.Should or RequirementLevel.May)
            ? g with { Verdict = Verdict.NonStrict, Actual = "breaks a SHOULD-level requirement: " + g.Actual }
            : g;

    public static string ReadOutcomeHex(byte[] b) => b.Length <= 32 ? Convert.ToHexString(b) : Convert.ToHexString(b.AsSpan(0, 32)) + "...";

    /// <summary>"No bytes of a message" counts as not sending it; a partial message is what was sent.</summary>
    public static bool Sent(ReadOutcome? r) => r is not null && (r.IsMessage || r.Bytes.Length > 0 || r.Kind == ReadKind.FramingError);
}
