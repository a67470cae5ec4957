namespace Sockspec.Model;

/// <summary>The verdicts of a case. The wire names (<see cref="VerdictNames"/>) are stable: JSON and expected-results files use them.</summary>
public enum Verdict
{
    /// <summary>The target did one of the things the RFC allows.</summary>
    Pass,

    /// <summary>A MUST or a specified layout was broken.</summary>
    Fail,

    /// <summary>A SHOULD/MAY-level deviation; a failure under --strict.</summary>
    NonStrict,

    /// <summary>An optional feature is absent and properly signalled (e.g. REP 07, CD 91).</summary>
    Unsupported,

    /// <summary>Behaviour worth recording where the RFC allows a choice.</summary>
    Informational,

    /// <summary>The suite could not run the case (fixture or setup trouble, not the target's fault).</summary>
    Error,

    /// <summary>Not run (filtered out, or a precondition such as a missing feature).</summary>
    Skipped,

    /// <summary>
    /// Not run because another failure prevents it: a probe that saw a broken answer for the feature the case needs, a
    /// target that is down, the run's deadline. The result names the blocker. Counts as a failure (exit code 1), since a
    /// blocked case proves nothing and must not pass for "unsupported".
    /// </summary>
    Blocked,
}

public static class VerdictNames
{
    public static string ToWire(this Verdict v) => v switch
    {
        Verdict.Pass => "pass",
        Verdict.Fail => "fail",
        Verdict.NonStrict => "non-strict",
        Verdict.Unsupported => "unsupported",
        Verdict.Informational => "informational",
        Verdict.Error => "error",
        Verdict.Skipped => "skipped",
        Verdict.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>The verdicts that make a run fail (exit code 1) without --expect.</summary>
    public static bool IsFailure(this Verdict v) => v is Verdict.Fail or Verdict.Error or Verdict.Blocked;

    public static bool TryParse(string s, out Verdict v)
    {
        foreach (var candidate in Enum.GetValues<Verdict>())
        {
            if (candidate.ToWire() == s) { v = candidate; return true; }
        }
        v = default;
        return false;
    }
}
