using Sockspec.Targets;
using Sockspec.Runner.Cases;
using Sockspec.Model;

namespace Sockspec.Runner.Running;

public sealed class RunOptions
{
    /// <summary>The default of <see cref="RunLimit"/>: several times what the whole suite takes against a slow real server.</summary>
    public static readonly TimeSpan DefaultRunLimit = TimeSpan.FromMinutes(10);

    public Credentials? Credentials { get; init; }

    /// <summary>Deadline of each read that expects an answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Cases in flight at once. The 10-second-close waits overlap, so the suite's time is not their sum.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Non-strict verdicts (SHOULD/MAY deviations) become failures.</summary>
    public bool Strict { get; init; }

    /// <summary>Only cases matching one of these globs run (all when empty). Probes always run.</summary>
    public IReadOnlyList<string> CaseGlobs { get; init; } = [];

    /// <summary>Features fixed by a profile instead of probed.</summary>
    public IReadOnlyDictionary<Features, bool> Profile { get; init; } = new Dictionary<Features, bool>();

    /// <summary>Overrides <see cref="CaseDeadline"/> (tests use a short one).</summary>
    public TimeSpan? CaseLimit { get; init; }

    /// <summary>Whole-case limit: several reads, a close wait of up to 10 s, and slack.</summary>
    public TimeSpan CaseDeadline => CaseLimit ?? Timeout * 4 + TimeSpan.FromSeconds(12);

    /// <summary>
    /// The whole run's limit (--run-timeout): when it passes, cases not yet started are blocked, those in flight end as
    /// errors, and the reports are still written.
    /// </summary>
    public TimeSpan RunLimit { get; init; } = DefaultRunLimit;

    /// <summary>Trace bytes all the cases of the run may keep together (see <see cref="TraceBudget"/>).</summary>
    public long TraceBudgetBytes { get; init; } = TraceBudget.Default;

    /// <summary>
    /// Looks up a requirement's text by ID (the catalogue lives in spec/, above the runner); each result carries the
    /// texts of its requirements. Null: results carry none.
    /// </summary>
    public Func<string, string?>? RequirementText { get; init; }
}
