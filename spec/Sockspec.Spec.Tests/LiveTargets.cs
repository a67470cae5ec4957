namespace Sockspec.Spec.Tests;

/// <summary>
/// Whole-suite runs share one xunit collection so that they run one after another: on a 2-core CI machine two suites at
/// once would compete for the CPU and blur timing-based verdicts (close within N s, silence windows).
/// </summary>
[CollectionDefinition(Name)]
public sealed class LiveTargets
{
    public const string Name = "live targets";
}
