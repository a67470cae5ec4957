using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Fixtures;
using Sockspec.Targets;

namespace Sockspec.Runner.Running;

/// <summary>
/// A target that stops answering (a spinning event loop, a deadlock, a full worker pool) is neither dead nor judged by
/// the cases, which only see timeouts. Once the cases are done, with nothing else running, it must still react to a
/// greeting; if it does not, three times, that is a death dated at its last answer to any case, and the deaths'
/// machinery does the rest: the cases after it are blocked, or, on a restartable target, the case that hangs it is named.
/// </summary>
public sealed partial class SuiteRunner
{
    private const int HangTries = 3;

    /// <summary>Ticks of the run's clock when the target last sent anything to a case (a byte, a close, a reset).</summary>
    private long _lastAnswer;

    /// <summary>What the liveness check sends: a SOCKS5 greeting, or a SOCKS4 CONNECT to the closed port; null before the probes.</summary>
    private byte[]? _hello;

    private void NoteAnswer(TimeSpan begun, IReadOnlyList<TraceEvent> trace)
    {
        var last = trace.LastOrDefault(e => e.Direction == TraceDirection.FromTarget && e.Kind is TraceEventKind.Data or TraceEventKind.Fin or TraceEventKind.Reset);
        if (last is null) return;
        long at = (begun + last.At).Ticks;
        long seen;
        while ((seen = Interlocked.Read(ref _lastAnswer)) < at && Interlocked.CompareExchange(ref _lastAnswer, at, seen) != seen)
        {
        }
    }

    private static byte[]? Hello(Features features, FixtureSet fixtures) =>
        features.HasFlag(Features.Socks5) ? SocksMessage.ToArray(new Socks5Greeting(0x00))
        : features.HasFlag(Features.Socks4) ? SocksMessage.ToArray(new Socks4Request(Socks4Command.Connect, 0x7F000001, (ushort)fixtures.ClosedPort.Port, "sockspec"))
        : null;

    /// <summary>Why the target, idle, no longer answers (after <paramref name="tries"/> tries), or null.</summary>
    /// <remarks>Only a target seen answering can stop: one that never said a word (a profile declared its versions) is not asked.</remarks>
    private async Task<string?> UnresponsiveAsync(ITarget target, int tries, CancellationToken ct)
    {
        if (_hello is null || Interlocked.Read(ref _lastAnswer) == 0) return null;
        try
        {
            for (int i = 0; i < tries; i++)
                if (!await Liveness.IgnoresAsync(target.EndPoint, _hello, options.Timeout, ct)) return null;
        }
        catch (OperationCanceledException)
        {
            return null; // the run ended meanwhile: a check cut short proves nothing
        }
        string what = _hello[0] == 5 ? "a SOCKS5 greeting" : "a SOCKS4 request";
        return $"it stopped answering: with no case running, {what} got no reaction (no byte, no close) within {options.Timeout.TotalSeconds:0.#} s, {tries} time(s)";
    }

    /// <summary>After the concurrent run: a target that accepted connections but now ignores them is recorded as hung.</summary>
    /// <remarks>What the cases saw after its last answer was the hang: they are re-run (or blocked) like a death's.</remarks>
    private async Task CheckHangAsync(ITarget target, IReadOnlyList<CaseResult> results, Tokens run)
    {
        if (_noServer is not null || _deaths.Down is not null || run.Run.IsCancellationRequested || target.Crashed is not null) return;
        if (await UnresponsiveAsync(target, HangTries, run.Run) is not { } why) return;
        var lastAnswer = TimeSpan.FromTicks(Interlocked.Read(ref _lastAnswer));
        var death = _deaths.Record($"{why}; its last answer to a case came at +{lastAnswer.TotalSeconds:0.0} s", "its last answer", lastAnswer, hung: true);
        if (target.CanRestart) target.MarkDown(death.Reason);
        foreach (var r in results)
            if (r.Verdict != Verdict.Pass && _deaths.Touched(r.CaseId, death)) _spoiled.TryAdd(r.CaseId, 0);
    }
}
