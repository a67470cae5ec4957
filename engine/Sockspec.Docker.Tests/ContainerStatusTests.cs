using Sockspec.Targets.Docker;

namespace Sockspec.Docker.Tests;

public sealed class ContainerStatusTests
{
    private static readonly ContainerStatus Up = new("running", true, false, 0, 0, false, "2026-01-01T00:00:00Z", "");

    [Fact]
    public void SameProcess_HasNotDied() => Assert.False(Up.DiedSince(Up));

    [Fact]
    public void Exited_HasDied() =>
        Assert.True((Up with { Status = "exited", Running = false, ExitCode = 3 }).DiedSince(Up));

    [Fact]
    public void RestartedByPolicy_HasDied_EvenThoughItRunsAgain() =>
        Assert.True((Up with { RestartCount = 1, StartedAt = "2026-01-01T00:00:05Z" }).DiedSince(Up));

    [Fact]
    public void RestartedByHand_HasDied() => Assert.True((Up with { StartedAt = "2026-01-01T00:00:05Z" }).DiedSince(Up));

    [Fact]
    public void Description_NamesTheExitCode() =>
        Assert.Contains("exit code 137", (Up with { Status = "exited", Running = false, ExitCode = 137 }).ToString(), StringComparison.Ordinal);
}
