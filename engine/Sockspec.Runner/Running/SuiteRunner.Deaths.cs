using Sockspec.Runner.Cases;
using Sockspec.Runner.Fixtures;
using Sockspec.Model;
using Sockspec.Targets;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Running;

/// <summary>
/// After the concurrent run, the deaths are settled: on a restartable target each death's suspects are re-run one at a
/// time, and a case is named as the killer only when the target dies under it twice and survives, idle, at least as long
/// without it. A target that dies with nothing running (a timer, a leak) charges no case.
/// </summary>
public sealed partial class SuiteRunner
{
    /// <summary>How long past the first death an idle soak waits; the soak as a whole is capped by <see cref="MaxSoak"/>.</summary>
    private static readonly TimeSpan SoakMargin = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxSoak = TimeSpan.FromSeconds(30);

    private readonly HashSet<string> _rerun = new(StringComparer.Ordinal);

    /// <summary>Set once the target was seen to die with no case running: why, for the finding and the cases.</summary>
    private string? _diesIdle;

    private async Task SettleDeathsAsync(List<CaseResult> results, IReadOnlyList<SocksCase> selected, Features features,
        ITarget target, FixtureSet fixtures, Tokens run)
    {
        _deaths.SettleSuspects();
        if (target.CanRestart && !_gaveUpRestarting) await RerunSuspectsAsync(results, selected, features, target, fixtures, run);
        if (!target.CanRestart || _gaveUpRestarting)
        {
            // No restart: whatever a case saw at or after the death was the death; it is blocked, the finding says why.
            // A case re-run alone keeps the verdict of that run: it ran on a fresh target.
            for (int i = 0; i < results.Count; i++)
            {
                var r = results[i];
                if (r.Verdict is not (Verdict.Fail or Verdict.Error or Verdict.NonStrict) || _rerun.Contains(r.CaseId)) continue;
                var death = _deaths.All.FirstOrDefault(d => _deaths.Touched(r.CaseId, d)) ?? (_spoiled.ContainsKey(r.CaseId) ? _deaths.All.LastOrDefault() : null);
                if (death is not null) results[i] = r with { Verdict = Verdict.Blocked, Actual = $"{death.Since}; the case saw: {r.Actual}" };
            }
        }
    }

    private async Task RerunSuspectsAsync(List<CaseResult> results, IReadOnlyList<SocksCase> selected, Features features,
        ITarget target, FixtureSet fixtures, Tokens run)
    {
        var byId = selected.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var deaths = _deaths.All;
        for (int d = 0; d < deaths.Count; d++)
        {
            var death = deaths[d];
            // The suspects first (one of them killed it); after the last death, the cases it spoiled otherwise.
            IEnumerable<string> ids = death.Suspects;
            if (d == deaths.Count - 1) ids = ids.Concat(_spoiled.Keys.Order(StringComparer.Ordinal));
            foreach (var id in ids.Where(i => byId.ContainsKey(i) && done.Add(i)).ToList())
            {
                // Once the killer is known, a suspect that passed keeps its verdict: only what the death spoiled is re-run.
                if (death.Culprit is not null && results.Find(r => r.CaseId == id) is { Verdict: Verdict.Pass }) continue;
                if (run.Run.IsCancellationRequested || _gaveUpRestarting) return;
                var (result, why, after) = await RunAloneAsync(byId[id], features, target, fixtures, run);
                if (run.Run.IsCancellationRequested) return;
                if (why is not null) result = await ConfirmKillerAsync(death, byId[id], result, why, after, features, target, fixtures, run);
                if (run.Run.IsCancellationRequested) return;
                _rerun.Add(id);
                int at = results.FindIndex(r => r.CaseId == id);
                if (at >= 0) results[at] = result;
            }
        }
    }

    /// <summary>
    /// The target died while <paramref name="c"/> ran alone, <paramref name="after"/> since it was started. It is the
    /// killer if, restarted, the target outlives that time idle and then dies again under the case.
    /// </summary>
    private async Task<CaseResult> ConfirmKillerAsync(TargetDeaths.Death death, SocksCase c, CaseResult first, string why, TimeSpan after,
        Features features, ITarget target, FixtureSet fixtures, Tokens run)
    {
        if (_diesIdle is null && await SoakAsync(target, after + SoakMargin, run) is { } idle) _diesIdle = idle;
        if (_diesIdle is not null)
        {
            // A complete, correct answer before a death on the target's own schedule stands; anything less was spoiled.
            if (first.Verdict == Verdict.Pass) return first with { Actual = $"{first.Actual} (the target then died: it {_diesIdle})" };
            return first with
            {
                Verdict = Verdict.Blocked,
                Actual = $"the target died while this case ran alone ({why}), but it also {_diesIdle}, so its deaths are charged to no case; the case saw: {first.Actual}",
            };
        }
        var (again, whyAgain, _) = await RunAloneAsync(c, features, target, fixtures, run);
        if (whyAgain is null)
        {
            return again with
            {
                Actual = $"the target died once while this case ran alone ({why}) but not when it ran alone again, so it is not named as the cause; the second run saw: {again.Actual}",
            };
        }
        if (death.Culprit is null)
        {
            death.Culprit = c.Id;
            death.CulpritReproducer = first.Reproducer;
        }
        return first with
        {
            Verdict = Verdict.Fail,
            Actual = $"the target {(death.Hung ? "hung" : "died")} when this case ran alone, twice on a fresh target, and outlived the same time idle ({why}); the case saw: {first.Actual}",
        };
    }

    /// <summary>Restarts the target and leaves it idle for <paramref name="soak"/>: why it died meanwhile, or null.</summary>
    private async Task<string?> SoakAsync(ITarget target, TimeSpan soak, Tokens run)
    {
        try
        {
            await EnsureTargetAsync(target, record: false, run.Run);
            var until = _upSince + (soak < MaxSoak ? soak : MaxSoak);
            while (_deaths.Now < until && target.Crashed is null) await Task.Delay(WatchInterval, run.Run);
        }
        catch (Exception e) when (e is CaseAbort or OperationCanceledException)
        {
            return null; // no restart, or the run ended: no evidence either way
        }
        if (await DeadAfterAloneAsync(target, run.Run) is not { } why) return null;
        target.MarkDown(why);
        return $"dies with no case running ({(_deaths.Now - _upSince).TotalSeconds:0.0} s after a restart: {why})";
    }

    /// <summary>Runs one case with nothing else in flight: its result, why the target is dead afterwards (or null), and when that was seen since the target's start.</summary>
    private async Task<(CaseResult Result, string? Died, TimeSpan After)> RunAloneAsync(SocksCase c, Features features, ITarget target, FixtureSet fixtures, Tokens run)
    {
        var (result, _) = await RunCaseCoreAsync(c, features, target, fixtures, run, alone: true);
        if (run.Run.IsCancellationRequested || result.Verdict == Verdict.Blocked) return (result, null, TimeSpan.Zero);
        // A death is seen a moment after the case that caused it.
        await Task.Delay(200, run.Run).ContinueWith(_ => { }, TaskScheduler.Default);
        if (await DeadAfterAloneAsync(target, run.Run) is not { } why) return (result, null, TimeSpan.Zero);
        var after = _deaths.Now - _upSince;
        target.MarkDown(why);
        return (result, why, after);
    }

    /// <summary>Why the target, with nothing running, is dead (exited, refusing) or no longer answers; null if it is well.</summary>
    private async Task<string?> DeadAfterAloneAsync(ITarget target, CancellationToken ct)
    {
        if (target.Crashed is { } why) return why;
        try
        {
            if (await Liveness.RefusesAsync(target.EndPoint, AliveCheck, ct)) return target.Crashed ?? $"it stopped accepting connections at {target.EndPoint}";
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return await UnresponsiveAsync(target, 1, ct);
    }
}
