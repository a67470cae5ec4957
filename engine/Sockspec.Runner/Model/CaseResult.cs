namespace Sockspec.Runner.Model;

/// <summary>
/// What one case concluded about one target: the verdict, what the RFC allows (<see cref="Expected"/>) against what
/// happened (<see cref="Actual"/>), the wire trace that proves it and a command that reruns exactly this case.
/// </summary>
public sealed record CaseResult(
    string CaseId,
    IReadOnlyList<string> Requirements,
    RequirementLevel Level,
    string Section,
    string Title,
    Verdict Verdict,
    string Expected,
    string Actual,
    TimeSpan Duration,
    IReadOnlyList<TraceEvent> Trace,
    string Reproducer);

/// <summary>One target's run of the suite; <see cref="Findings"/> are run-level events that reports show first.</summary>
public sealed record TargetReport(
    string Target,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<CaseResult> Results,
    IReadOnlyList<string> TargetLog)
{
    public IReadOnlyList<RunFinding> Findings { get; init; } = [];

    /// <summary>The run failed (exit code 1 without --expect): a finding, or a fail, error or blocked verdict.</summary>
    public bool Failed => Findings.Count > 0 || Results.Any(r => r.Verdict.IsFailure());
}
