using System.Net;
using Sockspec.Targets;

namespace Sockspec.NetFuzz;

/// <summary>
/// Decides whether a case's outcome is a finding: a crash (the target process or container exited, or its port no
/// longer accepts), a hang (silent and open after the client's FIN while a control handshake still works), or a
/// failed control handshake after a silent case.
/// </summary>
public sealed class Oracle(ITarget target, FuzzOptions options, ushort echoPort)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public IPEndPoint EndPoint => target.EndPoint;

    /// <summary>Why the target is down, or null when it is up. <paramref name="suspect"/> adds a port probe.</summary>
    public async Task<string?> DownAsync(bool suspect, CancellationToken ct)
    {
        if (target.Crashed is { } crashed) return crashed;
        if (!suspect) return null;
        for (int i = 0; i < 3; i++)
        {
            if (await ControlHandshake.AcceptsAsync(target.EndPoint, ProbeTimeout, ct)) return null;
            await Task.Delay(100, ct);
        }
        return target.Crashed ?? $"the port {target.EndPoint} no longer accepts connections";
    }

    /// <summary>The finding an outcome shows, or null. With <paramref name="alone"/> (replay, minimising) a slow death counts too.</summary>
    public async Task<(FindingKind Kind, string Detail)?> JudgeAsync(Outcome outcome, bool alone, CancellationToken ct)
    {
        if (alone && outcome.Kind != OutcomeKind.ConnectFailed)
        {
            // A process that dies on the input may still be exiting when its socket is already closed.
            await Task.Delay(30, ct);
        }
        if (await DownAsync(alone || outcome.Kind == OutcomeKind.ConnectFailed, ct) is { } down) return (FindingKind.Crash, down);
        if (outcome.Kind != OutcomeKind.Silent) return null;
        var control = await ControlHandshake.FailureAsync(target.EndPoint, echoPort, options.User, options.Password, TimeSpan.FromSeconds(3), ct);
        return control is null ? (FindingKind.Hang, outcome.Detail) : (FindingKind.ControlFailed, $"{outcome.Detail}; then {control}");
    }

    /// <summary>Runs one case on its own against a live target and judges it (restarting a crashed target first).</summary>
    public async Task<(FindingKind Kind, string Detail)?> RunAloneAsync(FuzzCase c, CancellationToken ct)
    {
        await EnsureUpAsync(ct);
        var outcome = await CaseSender.SendAsync(target.EndPoint, c, options.HangDeadline, ct);
        return await JudgeAsync(outcome, alone: true, ct);
    }

    /// <summary>Restarts a crashed target; false when it is still down afterwards (it cannot be restarted).</summary>
    public async Task<bool> EnsureUpAsync(CancellationToken ct)
    {
        if (target.Crashed is null && await ControlHandshake.AcceptsAsync(target.EndPoint, ProbeTimeout, ct)) return true;
        try
        {
            await target.RestartAsync(ct);
        }
        catch (TargetSetupException)
        {
            return false;
        }
        return target.Crashed is null && await ControlHandshake.AcceptsAsync(target.EndPoint, ProbeTimeout, ct);
    }
}
