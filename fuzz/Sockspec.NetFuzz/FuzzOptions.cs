namespace Sockspec.NetFuzz;

public sealed record FuzzOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public long MaxCases { get; init; } = long.MaxValue;
    public int Seed { get; init; }
    public string OutDir { get; init; } = "fuzz-findings";
    public string? User { get; init; }
    public string? Password { get; init; }
    public int Concurrency { get; init; } = 48;

    /// <summary>How long the proxy has, after the client's FIN, to answer or close before a case is a hang candidate.</summary>
    public TimeSpan HangDeadline { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>RSS growth of an --exec target over its level after warm-up that counts as a finding (0: off).</summary>
    public long RssGrowthKib { get; init; } = 256 * 1024;

    public int MinimiseAttempts { get; init; } = 200;
    public TimeSpan MinimiseBudget { get; init; } = TimeSpan.FromSeconds(60);
    public int MaxFindings { get; init; } = 20;

    /// <summary>The `sockspec fuzz` arguments that select the target again, for the reproducer's replay line.</summary>
    public string TargetArgs { get; init; } = "";
}
