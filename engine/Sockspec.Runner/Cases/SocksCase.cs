using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// One server conformance case. <see cref="Id"/> is a stable string ("rfc1928/4/rsv-ff"): reports, expected-results
/// files and reproducers name cases by it, so it never depends on position. The rules are tried in order; the first
/// that matches gives the verdict, and anything no rule anticipated gets <see cref="Otherwise"/>.
/// </summary>
public sealed class SocksCase : IConformanceCase
{
    public required string Id { get; init; }

    public required IReadOnlyList<string> Requirements { get; init; }

    public required RequirementLevel Level { get; init; }

    /// <summary>Document and section, e.g. "RFC 1928 §4".</summary>
    public required string Section { get; init; }

    public required string Title { get; init; }

    /// <summary>What the case sends, in one line.</summary>
    public required string Sends { get; init; }

    public required IReadOnlyList<OutcomeRule> Rules { get; init; }

    public required Verdict Otherwise { get; init; }

    public Features Needs { get; init; } = Features.Socks5;

    /// <summary>The case needs the run's credentials (e.g. a correct login); skipped without them.</summary>
    public bool NeedsCredentials { get; init; }

    public required Func<CaseContext, CancellationToken, Task<Observation>> Run { get; init; }

    /// <summary>The acceptable outcomes as one line for reports: "REP 07 then close (pass) | close (pass)".</summary>
    public string Expected =>
        string.Join(" | ", Rules.Select(r => $"{r.Outcome.Description} ({r.Verdict.ToWire()})")) +
        $" | anything else ({Otherwise.ToWire()})";

    public (Verdict Verdict, string Matched) Judge(Observation o)
    {
        foreach (var rule in Rules)
        {
            if (rule.Outcome.Matches(o)) return (rule.Verdict, rule.Outcome.Description);
        }
        return (Otherwise, "anything else");
    }
}
