using Sockspec.Model;
using Sockspec.Runner.Cases;

namespace Sockspec.Runner.Tests;

/// <summary>The one judgement of every case: rules in order, the first match wins, with what it showed; then Otherwise.</summary>
public class JudgementTests
{
    private static readonly Outcome<int> Even = new("even", n => n % 2 == 0) { Explain = n => $"{n} is even" };
    private static readonly Outcome<int> Big = new("big", n => n > 100) { Explain = n => $"{n} > 100" };
    private static readonly Outcome<int> Negative = new("negative", n => n < 0);

    [Fact]
    public void The_first_matching_rule_gives_the_verdict_and_its_explanation()
    {
        var j = new Judgement<int>([new(Big, Verdict.Fail), new(Even, Verdict.Pass)], Verdict.NonStrict);
        Assert.Equal(new Judged(Verdict.Fail, "big", "102 > 100"), j.Judge(102));
        Assert.Equal(new Judged(Verdict.Pass, "even", "4 is even"), j.Judge(4));
        Assert.Equal(new Judged(Verdict.NonStrict, Judged.AnythingElse, null), j.Judge(3));
        Assert.Equal("big (fail) | even (pass) | anything else (non-strict)", j.Expected);
    }

    [Fact]
    public void Combined_outcomes_explain_with_the_parts_that_matched()
    {
        var either = Negative.Or(Even);
        Assert.Equal("negative or even", either.Description);
        Assert.Equal((true, "8 is even"), (either.Matches(8), either.Explain!(8)));
        Assert.Null(either.Explain!(-3));
        var both = Even.And(Big);
        Assert.Equal((true, "200 is even; 200 > 100"), (both.Matches(200), both.Explain!(200)));
        Assert.False(both.Matches(4));
    }

    [Fact]
    public void A_case_that_accepts_nothing_and_names_no_otherwise_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            CaseBuilder.Case("test/none", "test", "t").Checks(RequirementLevel.Must, "S5-REQ-01").Run((_, _) => Task.FromResult(new Observation())));
        Assert.Contains("test/none", e.Message);
        var must = CaseBuilder.Case("test/must", "test", "t").Checks(RequirementLevel.Must, "S5-REQ-01")
            .Accept(Verdict.Pass, Outcome.Anything).Run((_, _) => Task.FromResult(new Observation()));
        var should = CaseBuilder.Case("test/should", "test", "t").Checks(RequirementLevel.Should, "S5-REQ-01")
            .Accept(Verdict.Pass, Outcome.Anything).Run((_, _) => Task.FromResult(new Observation()));
        Assert.Equal((Verdict.Fail, Verdict.NonStrict), (must.Otherwise, should.Otherwise));
    }
}
