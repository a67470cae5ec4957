namespace Sockspec.Model;

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
    string Reproducer)
{
    private static readonly IReadOnlyDictionary<string, string> NoTexts = new Dictionary<string, string>();

    /// <summary>
    /// Each requirement's text by ID, resolved from the catalogue when the run made the result, so that every report (a
    /// matrix's case pages and the JSON included) shows what was checked without knowing where the catalogue lives.
    /// </summary>
    public IReadOnlyDictionary<string, string> RequirementTexts { get; init; } = NoTexts;

    /// <summary>This result with its requirements' texts looked up by <paramref name="textOf"/> (unknown IDs stay out).</summary>
    public CaseResult WithRequirementTexts(Func<string, string?>? textOf) => textOf is null ? this : this with
    {
        RequirementTexts = Requirements.Select(id => (id, text: textOf(id))).Where(p => p.text is not null)
            .DistinctBy(p => p.id).ToDictionary(p => p.id, p => p.text!, StringComparer.Ordinal),
    };
}

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
