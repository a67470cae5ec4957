using Sockspec.Targets;

namespace Sockspec.NetFuzz;

/// <summary>`sockspec fuzz --replay FILE`: one saved case against a started target, judged by the same oracle.</summary>
public static class Replayer
{
    public static async Task<(FindingKind Kind, string Detail)?> ReplayAsync(ITarget target, Reproducer r, FuzzOptions options, TextWriter log, CancellationToken ct)
    {
        await using var echo = EchoFixture.Start();
        var c = r.ToCase();
        log.WriteLine($"replaying {r.Kind} ({r.Detail}): {c} against {target.Name}");
        log.WriteLine($"  bytes {r.Hex}");
        var oracle = new Oracle(target, options, (ushort)echo.Port);
        var result = await oracle.RunAloneAsync(c, ct);
        log.WriteLine(result is { } f ? $"reproduced: {f.Kind}: {f.Detail}" : "not reproduced: the target answered or closed normally and stayed up");
        return result;
    }
}
