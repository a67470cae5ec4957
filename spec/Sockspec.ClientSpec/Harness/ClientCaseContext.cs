using Sockspec.Model;

namespace Sockspec.ClientSpec.Harness;

/// <summary>What every connection of one case run shares: the case, its trace and clock, the target and the settings.</summary>
public sealed record ClientCaseContext
{
    public required ClientCase Case { get; init; }
    public required WireTrace Trace { get; init; }
    public required TargetHttpServer Target { get; init; }
    public required string TargetHost { get; init; }
    public required int TargetPort { get; init; }

    /// <summary>The credentials the client was configured with (--user/--password), when the user told us.</summary>
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>When the client is killed, on the trace clock.</summary>
    public required TimeSpan Deadline { get; init; }

    /// <summary>How long the server watches the client after a deliberate deviation before it closes itself.</summary>
    public required TimeSpan Watch { get; init; }

    /// <summary>Cancelled a little after the deadline: the last resort that ends every script.</summary>
    public required CancellationToken Cancel { get; init; }

    /// <summary>Completes when the client under test has ended (exited, been killed or cancelled).</summary>
    public required Task ClientDone { get; init; }

    /// <summary>Time left until shortly before the deadline, so that a wait ends before the kill closes the socket.</summary>
    public TimeSpan Remaining => Max(TimeSpan.FromMilliseconds(50), Deadline - TimeSpan.FromMilliseconds(250) - Trace.Elapsed);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
