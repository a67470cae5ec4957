using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using static Sockspec.Spec.Tests.Synthetic;

namespace Sockspec.Spec.Tests;

/// <summary>
/// spec/GRADING.md enforced on every server case: each case's rules are judged against the situations the policy names
/// (a bare close, silence, an imprecise failure reply, a reply cut short, a reply breaking a layout rule), built as
/// observations without a target. A case that grades them against the policy fails here, named.
/// </summary>
public sealed class GradingPolicyTests
{
    /// <summary>What a verdict is worth to a CI gate: a failure, a strict-only failure, or acceptable.</summary>
    private static int Rank(Verdict v) => v switch
    {
        Verdict.Fail => 0,
        Verdict.NonStrict => 1,
        _ => 2,
    };

    private static Verdict Judge(SocksCase c, Situation s) => c.Judge(s.Observation).Verdict;

    /// <summary>
    /// Cases whose request never arrives whole (cut short, no closing NUL) or that test waiting itself: no reply is
    /// defined for what they send, so a close or silence is no worse than an answer there.
    /// </summary>
    private static bool NoReplyDefined(SocksCase c) =>
        c.Id.EndsWith("-waits", StringComparison.Ordinal) || c.Id.Contains("then-fin", StringComparison.Ordinal)
        // Judges a second request sent after the failure reply: a synthetic reply alone lacks the fact it grades.
        || c.Id == "robustness/garbage-after-failure";

    /// <summary>
    /// Cases that send a message the server cannot take as its protocol (a request with VER other than 05, a non-zero
    /// RSV): the RFC defines no reply to it, so a failure reply and a close are both right (GRADING.md).
    /// </summary>
    private static bool NotItsProtocol(SocksCase c) =>
        c.Id.StartsWith("rfc1928/4/ver-", StringComparison.Ordinal) || c.Id.StartsWith("rfc1928/4/rsv-", StringComparison.Ordinal);

    /// <summary>The cases that read the kind of answer <paramref name="answers"/> are: some rule of theirs matches one of them.</summary>
    private static IEnumerable<SocksCase> Reading(params Situation[] answers) =>
        Suite.All.Where(c => c.Rules.All(r => !ReferenceEquals(r.Outcome, Outcome.Anything))
                             && answers.Any(a => c.Judge(a.Observation).Matched != "anything else"));

    private static readonly Situation[] Socks5Answers = [Failure5(0x01), Failure5(0x05), Failure5(0x07), Failure5(0x08), Failure5(0x04), Success5()];
    private static readonly Situation[] Socks4Answers = [Reject4(91), Reject4(92), Grant4()];

    private static void AssertNone(IEnumerable<string> offenders, string rule)
    {
        var list = offenders.ToList();
        Assert.True(list.Count == 0, $"{list.Count} case(s) break \"{rule}\":\n" + string.Join("\n", list));
    }

    [Fact]
    public void The_synthetic_answers_are_read_by_the_cases_that_expect_them()
    {
        // Guards the tests below against judging nothing: the sections that read each kind of answer are found.
        Assert.Contains(Reading(Socks5Answers), c => c.Id == "rfc1928/4/cmd-04");
        Assert.Contains(Reading(Socks4Answers), c => c.Id == "socks4/connect/closed-port");
        Assert.InRange(Reading(Socks5Answers).Count(), 40, 1000);
        Assert.InRange(Reading(Socks4Answers).Count(), 15, 1000);
    }

    [Fact]
    public void No_answer_is_never_graded_above_an_imprecise_socks5_failure_reply()
    {
        // RFC 1928 §4: the server "evaluates the request, and returns a reply"; §6 defines REP X'01'-X'08'.
        var imprecise = Failure5(0x01);
        AssertNone(
            from c in Reading(Socks5Answers)
            where !NoReplyDefined(c)
            from none in new[] { BareClose<Socks5Reply>(), Silence<Socks5Reply>() }
            where Rank(Judge(c, none)) > Rank(Judge(c, imprecise))
            select $"{c.Id}: {none} is {Judge(c, none).ToWire()}, {imprecise} only {Judge(c, imprecise).ToWire()}",
            "no answer is never better than an imprecise answer (SOCKS5)");
    }

    [Fact]
    public void No_answer_is_never_graded_above_an_imprecise_socks4_reject()
    {
        // SOCKS4: the server sends a reply "when the connection is established or when the request is rejected or the
        // operation fails"; CD 92/93 are the less fitting codes for a rejection that has nothing to do with identd.
        var imprecise = Reject4(92);
        AssertNone(
            from c in Reading(Socks4Answers)
            where !NoReplyDefined(c)
            from none in new[] { BareClose<Socks4Reply>(), Silence<Socks4Reply>() }
            where Rank(Judge(c, none)) > Rank(Judge(c, imprecise))
            select $"{c.Id}: {none} is {Judge(c, none).ToWire()}, {imprecise} only {Judge(c, imprecise).ToWire()}",
            "no answer is never better than an imprecise answer (SOCKS4/4a)");
    }

    [Fact]
    public void Where_a_code_is_defined_a_bare_close_fails_unless_the_case_judges_only_closing_or_success()
    {
        // The cases that judge a failure code (REP 07 for an unknown CMD, 08 for an unknown ATYP, 05 for a refused
        // connection, CD 91) pass the right code, so a bare close there must fail. The cases that judge only "no
        // success" or "closed within 10 s" may pass a bare close: it proves their rule, and the missing reply is
        // another case's failure (one defect, one failure).
        string[] judgeOnlyCloseOrSuccess = ["S5-CLOSE-01", "S5-CONN-03", "S4-CLOSE-01", "S5-METHOD-04", "S5-REP-01", "S5-REP-04"];
        AssertNone(
            from c in Reading(Socks5Answers).Concat(Reading(Socks4Answers))
            where !NoReplyDefined(c) && !NotItsProtocol(c) && !c.Requirements.All(judgeOnlyCloseOrSuccess.Contains)
            let codeJudged = Socks5Answers.Concat(Socks4Answers).Any(a => !a.Name.StartsWith("success", StringComparison.Ordinal)
                                                                          && !a.Name.StartsWith("CD 90", StringComparison.Ordinal)
                                                                          && Judge(c, a) == Verdict.Pass)
            where codeJudged
            from none in new[] { BareClose<Socks5Reply>(), BareClose<Socks4Reply>(), Silence<Socks5Reply>(), Silence<Socks4Reply>() }
            where Judge(c, none) is not (Verdict.Fail or Verdict.NonStrict)
            select $"{c.Id}: {none} is {Judge(c, none).ToWire()}",
            "a defined failure reply exists, so a bare close or silence fails");
    }

    [Fact]
    public void Waiting_forever_is_never_a_pass_where_an_answer_or_a_close_is_due()
    {
        // A message the server cannot take as its protocol gets a failure reply or a close; waiting for bytes that will
        // never make it valid is non-strict at best. Cases whose input is incomplete (waiting is right) are exempt, and
        // so are the ones judging only "no success" or a layout, which silence cannot break.
        string[] silenceCannotBreak = ["S5-CONN-03", "S5-REP-01", "S5-REP-04"];
        var all = Reading(Socks5Answers).Select(c => (c, Silence<Socks5Reply>()))
            .Concat(Reading(Socks4Answers).Select(c => (c, Silence<Socks4Reply>())))
            .Concat(Reading(Selection(0xFF), Selection(0x00)).Select(c => (c, Silence<Socks5MethodSelection>())))
            .Concat(Reading(Status(1), Status(0)).Select(c => (c, Silence<UsernamePasswordResponse>())));
        AssertNone(
            from x in all
            where !NoReplyDefined(x.c) && !x.c.Requirements.All(silenceCannotBreak.Contains)
            where Judge(x.c, x.Item2) == Verdict.Pass
            select $"{x.c.Id}: silence is a pass",
            "waiting forever is at best non-strict");
    }

    [Fact]
    public void Ignoring_a_non_zero_rsv_is_informational_and_rejecting_it_passes()
    {
        // RFC 1928 §6: "Fields marked RESERVED (RSV) must be set to X'00'": a rule for the sender only.
        var rsvCases = Suite.All.Where(c => c.Id.StartsWith("rfc1928/4/rsv-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rsvCases);
        AssertNone(
            from c in rsvCases
            from s in new[] { (Success5(), Verdict.Informational), (Failure5(0x01), Verdict.Pass), (Failure5(0x07), Verdict.Pass), (BareClose<Socks5Reply>(), Verdict.Pass) }
            where Judge(c, s.Item1) != s.Item2
            select $"{c.Id}: {s.Item1} is {Judge(c, s.Item1).ToWire()}, not {s.Item2.ToWire()}",
            "reserved fields bind the sender");
    }

    [Fact]
    public void Unsupported_is_only_ever_an_rfc_refusal()
    {
        // A feature is unsupported only when refused the way the documents define: 05 FF, REP 07/08, CD 91, then a close.
        Situation[] refusals = [Selection(0xFF), Failure5(0x07), Failure5(0x08), Short5(0x07), Short5(0x08), Reject4(91), Short4(91)];
        Situation[] others =
        [
            BareClose<Socks5Reply>(), Silence<Socks5Reply>(), BareClose<Socks4Reply>(), Silence<Socks4Reply>(),
            BareClose<Socks5MethodSelection>(), Silence<Socks5MethodSelection>(), Selection(0xFF, close: false),
            Failure5(0x01), Failure5(0x02), Failure5(0x04), Failure5(0x05), Failure5(0x07, close: false), Failure5(0x08, close: false), Short5(0x01),
            Reject4(92), Reject4(93), Reject4(91, close: false), Status(1), Status(1, close: false),
        ];
        AssertNone(
            from c in Suite.All
            from s in others
            where Judge(c, s) == Verdict.Unsupported
            select $"{c.Id}: {s} is unsupported",
            "unsupported only when refused the RFC way");
        // And the rule has something to judge: the cases that can say "unsupported" say it for an RFC refusal.
        Assert.Contains(Suite.All, c => refusals.Any(r => Judge(c, r) == Verdict.Unsupported));
    }

    [Fact]
    public void A_short_failure_reply_fails_only_the_layout_cases()
    {
        // One defect, one failure: a reply cut short, or breaking RSV, fails the requirement on the reply's layout
        // (S5-REP-01, S5-REP-05; S4-REP-01/02); every other case judges its own rule from the code it can still read.
        string[] layout5 = ["S5-REP-01", "S5-REP-05"];
        string[] layout4 = ["S4-REP-01", "S4-REP-02"];
        var pairs5 = new[] { (Short5(0x01), Failure5(0x01)), (Short5(0x05), Failure5(0x05)), (Short5(0x07), Failure5(0x07)), (Short5(0x08), Failure5(0x08)),
                             (Failure5WithRsv(0x05), Failure5(0x05)), (Failure5WithRsv(0x07), Failure5(0x07)), (Success5(rsv: 1), Success5()) };
        var pairs4 = new[] { (Short4(91), Reject4(91)), (Short4(92), Reject4(92)) };
        AssertNone(
            (from c in Reading(Socks5Answers)
             where !c.Requirements.Any(layout5.Contains)
             from p in pairs5
             where Rank(Judge(c, p.Item1)) < Rank(Judge(c, p.Item2))
             select $"{c.Id}: {p.Item1} is {Judge(c, p.Item1).ToWire()}, {p.Item2} {Judge(c, p.Item2).ToWire()}")
            .Concat(
             from c in Reading(Socks4Answers)
             where !c.Requirements.Any(layout4.Contains)
             from p in pairs4
             where Rank(Judge(c, p.Item1)) < Rank(Judge(c, p.Item2))
             select $"{c.Id}: {p.Item1} is {Judge(c, p.Item1).ToWire()}, {p.Item2} {Judge(c, p.Item2).ToWire()}"),
            "one defect, one failure");
        // The layout cases do catch it.
        var layout = Suite.All.Single(c => c.Id == "rfc1928/6/failure-full-layout");
        Assert.Equal(Verdict.Fail, Judge(layout, Short5(0x05)));
        Assert.Equal(Verdict.Pass, Judge(layout, Failure5(0x05)));
    }

    [Fact]
    public void The_code_that_fits_passes_and_a_less_precise_one_is_non_strict()
    {
        (string Id, Situation Precise, Situation Imprecise)[] expectations =
        [
            ("rfc1928/4/cmd-04", Failure5(0x07), Failure5(0x01)),
            ("rfc1928/5/atyp-05", Failure5(0x08), Failure5(0x01)),
            ("rfc1928/6/closed-port-refused", Failure5(0x05), Failure5(0x01)),
            ("rfc1928/5/domain-unresolvable", Failure5(0x04), Failure5(0x01)),
            ("socks4/connect/closed-port", Reject4(91), Reject4(92)),
            ("socks4/connect/cd-03", Reject4(91), Reject4(93)),
            ("socks4a/unresolvable", Reject4(91), Reject4(92)),
        ];
        foreach (var (id, precise, imprecise) in expectations)
        {
            var c = Suite.All.Single(x => x.Id == id);
            Assert.True(Judge(c, precise) == Verdict.Pass, $"{id}: {precise} is {Judge(c, precise).ToWire()}");
            Assert.True(Judge(c, imprecise) == Verdict.NonStrict, $"{id}: {imprecise} is {Judge(c, imprecise).ToWire()}");
            Assert.True(Judge(c, BareClose<Socks5Reply>()) == Verdict.Fail, $"{id}: a bare close is {Judge(c, BareClose<Socks5Reply>()).ToWire()}");
        }
    }

    [Fact]
    public void The_policy_document_names_every_verdict_and_the_cases_name_only_catalogue_requirements()
    {
        var policy = File.ReadAllText(RepositoryRoot.Combine("spec", "GRADING.md"));
        foreach (var v in Enum.GetValues<Verdict>()) Assert.Contains($"`{v.ToWire()}`", policy);
        Assert.Contains("`blocked`", policy);
        foreach (var c in Suite.All)
        foreach (var r in c.Requirements)
            Assert.True(Requirements.Catalogue.Find(r) is not null, $"{c.Id} cites {r}, which is not in the catalogue");
    }
}
