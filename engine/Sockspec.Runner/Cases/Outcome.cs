using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>One acceptable (or at least anticipated) outcome of a case: words for the report and the test itself.</summary>
public sealed record Outcome(string Description, Func<Observation, bool> Matches)
{
    public Outcome Or(Outcome other) =>
        new($"{Description} or {other.Description}", o => Matches(o) || other.Matches(o));

    public Outcome And(Outcome other) =>
        new($"{Description}, {other.Description}", o => Matches(o) && other.Matches(o));

    public static Outcome Anything { get; } = new("anything", _ => true);
}

/// <summary>An outcome paired with the verdict it earns.</summary>
public sealed record OutcomeRule(Outcome Outcome, Verdict Verdict);
