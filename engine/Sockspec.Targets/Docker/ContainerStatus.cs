namespace Sockspec.Targets.Docker;

/// <summary>
/// The container's state as the engine reports it. <see cref="StartedAt"/> changes on every (re)start, so comparing two
/// snapshots tells whether the proxy died and came back between them even when a restart policy hid the exit.
/// </summary>
public sealed record ContainerStatus(
    string Status,
    bool Running,
    bool Restarting,
    long ExitCode,
    long RestartCount,
    bool OomKilled,
    string StartedAt,
    string FinishedAt)
{
    /// <summary>True when the process that was running at <paramref name="earlier"/> is no longer the one running now.</summary>
    public bool DiedSince(ContainerStatus earlier) =>
        !Running || Restarting || RestartCount != earlier.RestartCount || StartedAt != earlier.StartedAt;

    public override string ToString() =>
        Running ? $"running (started {StartedAt}, restarts {RestartCount})"
        : $"{Status}, exit code {ExitCode}{(OomKilled ? ", killed for lack of memory" : "")} (finished {FinishedAt}, restarts {RestartCount})";
}
