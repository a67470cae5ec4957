using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// One server conformance case: the common head and judgement (<see cref="ConformanceCase{TObservation}"/>) over what
/// the proxy answered, plus what the case sends, the features and credentials it needs, and how it runs.
/// </summary>
public sealed record SocksCase(CaseHead Head, Judgement<Observation> Judgement) : ConformanceCase<Observation>(Head, Judgement)
{
    /// <summary>What the case sends, in one line.</summary>
    public required string Sends { get; init; }

    public Features Needs { get; init; } = Features.Socks5;

    /// <summary>The case needs the run's credentials (e.g. a correct login); skipped without them.</summary>
    public bool NeedsCredentials { get; init; }

    public required Func<CaseContext, CancellationToken, Task<Observation>> Run { get; init; }
}
