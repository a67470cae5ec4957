using System.Net;

namespace Sockspec.Targets;

/// <summary>The proxy under test: where it listens, whether it is still alive, and how to rerun a case against it.</summary>
public interface ITarget : IAsyncDisposable
{
    /// <summary>How reports name the target, e.g. "127.0.0.1:1080" or "exec: microsocks -p 1080".</summary>
    string Name { get; }

    /// <summary>Valid once <see cref="StartAsync"/> has returned.</summary>
    IPEndPoint EndPoint { get; }

    /// <summary>Starts (or just checks) the target; throws <see cref="TargetSetupException"/> when it cannot.</summary>
    Task StartAsync(CancellationToken ct);

    /// <summary>Null while the target is alive; once it died, why (e.g. "process exited with code 139").</summary>
    string? Crashed { get; }

    /// <summary>Brings a crashed target back for the remaining cases (a no-op where the suite cannot restart it).</summary>
    Task RestartAsync(CancellationToken ct);

    /// <summary>The suite starts this target itself and can start it again after a death (--exec, --docker).</summary>
    bool CanRestart => false;

    /// <summary>
    /// The suite saw the target dead although its own signal says nothing (e.g. the process lives but refuses
    /// connections): from now on <see cref="Crashed"/> gives <paramref name="reason"/>, and <see cref="RestartAsync"/>
    /// replaces whatever is left of it.
    /// </summary>
    void MarkDown(string reason)
    {
    }

    /// <summary>What the target printed (bounded), for the report.</summary>
    IReadOnlyList<string> Log { get; }

    /// <summary>The `sockspec run` arguments that select this target again, e.g. "--target 127.0.0.1:1080".</summary>
    string ReproducerArgs { get; }
}

/// <summary>The target could not be started or reached: a setup error (exit code 2), not a verdict.</summary>
public sealed class TargetSetupException(string message) : Exception(message);
