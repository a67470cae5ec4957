namespace Sockspec.ClientSpec.Harness;

public sealed record ClientSuiteOptions
{
    /// <summary>How long one client run may take before it is killed (the "hang" line).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Client runs at once; hanging cases mostly sleep, so this can exceed the core count.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Non-strict verdicts become failures.</summary>
    public bool Strict { get; init; }

    /// <summary>The credentials the client was configured with, so that the suite can check what it sends.</summary>
    public string? User { get; init; }
    public string? Password { get; init; }
}
