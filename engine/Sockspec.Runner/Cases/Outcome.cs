using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// One acceptable (or at least anticipated) outcome of a case, for any kind of observation: a server case judges what a
/// proxy answered (<see cref="Observation"/>), a client case what a client did to the scripted server. Words for the
/// report, the test itself, and optionally what in particular an observation shows (a check's problem) where the words
/// alone would not say it.
/// </summary>
public sealed record Outcome<T>(string Description, Func<T, bool> Matches)
{
    /// <summary>What a matching observation shows beyond <see cref="Description"/>; null when the words say it all.</summary>
    public Func<T, string?>? Explain { get; init; }

    public Outcome<T> Or(Outcome<T> other) =>
        new($"{Description} or {other.Description}", o => Matches(o) || other.Matches(o))
        {
            Explain = o => Matches(o) ? Explain?.Invoke(o) : other.Explain?.Invoke(o),
        };

    public Outcome<T> And(Outcome<T> other) =>
        new($"{Description}, {other.Description}", o => Matches(o) && other.Matches(o))
        {
            Explain = o => Join(Explain?.Invoke(o), other.Explain?.Invoke(o)),
        };

    public static Outcome<T> Anything { get; } = new("anything", _ => true);

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;
}

/// <summary>An outcome paired with the verdict it earns.</summary>
public sealed record OutcomeRule<T>(Outcome<T> Outcome, Verdict Verdict);

/// <summary>What judging an observation gave: the verdict, the outcome that matched, and what it showed in particular.</summary>
public readonly record struct Judged(Verdict Verdict, string Matched, string? Detail)
{
    public const string AnythingElse = "anything else";
}

/// <summary>
/// How every case is judged, server or client: rules tried in order, the first that matches gives the verdict, and
/// anything no rule anticipated gets <see cref="Otherwise"/>.
/// </summary>
public sealed record Judgement<T>(IReadOnlyList<OutcomeRule<T>> Rules, Verdict Otherwise)
{
    /// <summary>The acceptable outcomes as one line for reports: "REP 07 then close (pass) | close (pass) | anything else (fail)".</summary>
    public string Expected =>
        string.Join(" | ", Rules.Select(r => $"{r.Outcome.Description} ({r.Verdict.ToWire()})").Append($"{Judged.AnythingElse} ({Otherwise.ToWire()})"));

    public Judged Judge(T observation)
    {
        foreach (var rule in Rules)
        {
            if (rule.Outcome.Matches(observation))
                return new Judged(rule.Verdict, rule.Outcome.Description, rule.Outcome.Explain?.Invoke(observation));
        }
        return new Judged(Otherwise, Judged.AnythingElse, null);
    }
}
