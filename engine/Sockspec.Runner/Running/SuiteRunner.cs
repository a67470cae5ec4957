using System.Collections.Concurrent;
using System.Diagnostics;
using Sockspec.Runner.Cases;
using Sockspec.Runner.Fixtures;
using Sockspec.Model;
using Sockspec.Targets;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Running;

/// <summary>
/// Runs cases against one target: starts the fixtures, probes features, then runs the selected cases concurrently
/// (bounded), each on fresh connections with its own trace and deadline, and judges each observation. Watches the target
/// throughout: a target that stops accepting or whose process exits is a run-level finding; a restartable one is
/// restarted and the cases in flight at its death are re-run one at a time to name the one that kills it.
/// </summary>
public sealed partial class SuiteRunner(RunOptions options)
{
    /// <summary>Restarts allowed after deaths, so that a target that dies at every touch cannot loop forever.</summary>
    private const int MaxRestarts = 10;

    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AliveCheck = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _restartLock = new(1, 1);
    private readonly TraceBudget _budget = new(options.TraceBudgetBytes);
    private readonly Dictionary<Features, string> _blockedBy = [];
    private readonly ConcurrentDictionary<string, byte> _spoiled = new(StringComparer.Ordinal);
    private TargetDeaths _deaths = new(Stopwatch.StartNew());
    private string? _noServer;
    private volatile bool _gaveUpRestarting;
    private volatile bool _accepted;
    private int _restarts;
    private TimeSpan _upSince;

    /// <summary>Raised as each case finishes (from any thread), for progress displays.</summary>
    public event Action<CaseResult>? CaseFinished;

    /// <summary>Raised once the number of cases to run is known.</summary>
    public event Action<int>? Planned;

    public Features DetectedFeatures { get; private set; }

    /// <summary>Starts the target, runs everything, and stops the target. Throws <see cref="TargetSetupException"/> when it cannot start.</summary>
    public async Task<TargetReport> RunAsync(IReadOnlyList<SocksCase> cases, ITarget target, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        _deaths = new TargetDeaths(clock);
        await using var fixtures = FixtureSet.Start();
        await target.StartAsync(ct);
        _upSince = _deaths.Now;
        var selected = cases.Where(c => CaseFilter.Matches(options.CaseGlobs, c.Id)).ToList();
        Planned?.Invoke(selected.Count + Probes.First.Count + Probes.Second.Count);

        using var runCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        runCts.CancelAfter(options.RunLimit);
        var run = new Tokens(ct, runCts.Token);
        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(runCts.Token);
        var watch = WatchAsync(target, watchCts.Token);

        var results = new List<CaseResult>();
        var features = Features.None;
        var first = await Task.WhenAll(Probes.First.Select(p => ProbeAsync(p.Case, p.Feature, features, target, fixtures, run)));
        foreach (var (result, feature, present, _) in first)
        {
            results.Add(result);
            if (present) features |= feature;
        }
        _noServer = NoSocksServer.Check(target.EndPoint, options.Timeout,
            [.. first.Where(p => !options.Profile.ContainsKey(p.Feature)).Select(p => (Asked(p.Feature), p.Result, p.Seen))]);
        var second = await Task.WhenAll(Probes.Second.Select(p => ProbeAsync(p.Case, p.Feature, features, target, fixtures, run)));
        foreach (var (result, feature, present, _) in second)
        {
            results.Add(result);
            if (present) features |= feature;
        }
        DetectedFeatures = features;
        _hello = Hello(features, fixtures);

        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var running = selected.Select(async c =>
        {
            try
            {
                await gate.WaitAsync(run.Run);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Finish(Result(c, target, Verdict.Blocked, NotRun(), TimeSpan.Zero, []));
            }
            try
            {
                return await RunCaseAsync(c, features, target, fixtures, run);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        results.AddRange(await Task.WhenAll(running));
        // The watch ends first: a death while suspects are re-run alone is that re-run's finding, not a new death.
        await watchCts.CancelAsync();
        await watch;
        await CheckHangAsync(target, results, run);
        await SettleDeathsAsync(results, selected, features, target, fixtures, run);
        if (options.Strict)
        {
            results = [.. results.Select(r => r.Verdict == Verdict.NonStrict
                ? r with { Verdict = Verdict.Fail, Actual = "(--strict) " + r.Actual }
                : r)];
        }
        results = [.. results.Select(r => r.WithRequirementTexts(options.RequirementText))];
        var log = target.Log;
        return new TargetReport(target.Name, startedAt, clock.Elapsed, results, log) { Findings = Findings(target, results, run) };
    }

    /// <summary>The user's cancellation (Ctrl-C: an exception, no report) and the run's deadline (a finding, with reports).</summary>
    private readonly record struct Tokens(CancellationToken User, CancellationToken Run)
    {
        public bool DeadlinePassed => Run.IsCancellationRequested && !User.IsCancellationRequested;
    }

    private static string Asked(Features f) => f == Features.Socks5 ? "a SOCKS5 greeting" : "a SOCKS4 request";

    private string NotRun() => $"not run: the run's deadline of {options.RunLimit.TotalSeconds:0} s (--run-timeout) passed first";

    private List<RunFinding> Findings(ITarget target, IReadOnlyList<CaseResult> results, Tokens run)
    {
        var findings = new List<RunFinding>();
        if (_noServer is not null) findings.Add(new RunFinding(RunFindingKind.NoSocksServer, TimeSpan.Zero, _noServer, []));
        foreach (var d in _deaths.All)
        {
            var (went, died, kills) = d.Hung ? ("hung", "hung", "hangs") : ("went down", "died", "kills");
            string message = !target.CanRestart || _gaveUpRestarting
                ? $"the target {went} during the run ({d.Reason}); " + (target.CanRestart ? "restarting it kept failing" : "it cannot be restarted (--target)") + ", so the cases since are blocked"
                : $"the target {died} during the run ({d.Reason}) and was restarted; " + (d.Culprit is not null
                    ? $"re-run one at a time, the cases in flight show that {d.Culprit} alone {kills} it"
                    : _diesIdle is not null
                        ? $"it also {_diesIdle}, so no case is charged with it"
                        : $"re-run one at a time, none of the cases in flight {kills} it alone (it takes them together, or time)");
            findings.Add(new RunFinding(d.Hung ? RunFindingKind.TargetHung : RunFindingKind.TargetDied, d.At, message, d.Suspects, d.Culprit, d.CulpritReproducer));
        }
        if (run.DeadlinePassed)
        {
            int notRun = results.Count(r => r.Verdict == Verdict.Blocked && r.Actual.StartsWith("not run: the run's deadline", StringComparison.Ordinal));
            findings.Add(new RunFinding(RunFindingKind.RunDeadline, options.RunLimit,
                $"the run did not finish within its deadline of {options.RunLimit.TotalSeconds:0} s (--run-timeout): {notRun} case(s) not run, the cases in flight cut off",
                [.. results.Where(r => r.Actual.StartsWith(CutOff, StringComparison.Ordinal)).Select(r => r.CaseId)]));
        }
        return findings;
    }

    private const string CutOff = "cut off by the run's deadline";

    private async Task<(CaseResult Result, Features Feature, bool Present, Observation? Seen)> ProbeAsync(
        SocksCase probe, Features feature, Features known, ITarget target, FixtureSet fixtures, Tokens run)
    {
        if (options.Profile.TryGetValue(feature, out bool fixedValue))
        {
            var r = Finish(Result(probe, target, fixedValue ? Verdict.Informational : Verdict.Skipped,
                $"set by the profile: {(fixedValue ? "supported" : "not supported")}", TimeSpan.Zero, []));
            return (r, feature, fixedValue, null);
        }
        var (result, seen) = await RunCaseCoreAsync(probe, known, target, fixtures, run, alone: false);
        Finish(result);
        // A probe that saw a broken answer (fail) or could not run (error, blocked) blocks the cases needing its feature.
        if (result.Verdict.IsFailure())
        {
            lock (_blockedBy) _blockedBy[feature] = result.Verdict == Verdict.Blocked ? result.Actual : $"blocked by {probe.Id}: {result.Actual}";
        }
        return (result, feature, result.Verdict == Verdict.Informational, seen);
    }

    private CaseResult Finish(CaseResult result)
    {
        CaseFinished?.Invoke(result);
        return result;
    }

    private async Task<CaseResult> RunCaseAsync(SocksCase c, Features features, ITarget target, FixtureSet fixtures, Tokens run) =>
        Finish((await RunCaseCoreAsync(c, features, target, fixtures, run, alone: false)).Result);

    /// <summary>Why <paramref name="c"/> cannot run at all (blocked, unsupported, skipped), or null.</summary>
    private CaseResult? Precondition(SocksCase c, Features features, ITarget target, Tokens run)
    {
        if (_noServer is not null) return Result(c, target, Verdict.Blocked, "blocked: " + _noServer, TimeSpan.Zero, []);
        if (run.DeadlinePassed) return Result(c, target, Verdict.Blocked, NotRun(), TimeSpan.Zero, []);
        var missing = c.Needs & ~features;
        if (missing != Features.None)
        {
            string? blocker;
            lock (_blockedBy) blocker = _blockedBy.Where(b => missing.HasFlag(b.Key)).Select(b => b.Value).FirstOrDefault();
            if (blocker is not null) return Result(c, target, Verdict.Blocked, blocker, TimeSpan.Zero, []);
            bool byProfile = options.Profile.Any(p => missing.HasFlag(p.Key) && !p.Value);
            return Result(c, target, byProfile ? Verdict.Skipped : Verdict.Unsupported,
                $"needs {FeatureNames.Describe(missing)}, which the " + (byProfile ? "profile turned off" : "probes found absent"), TimeSpan.Zero, []);
        }
        if (c.NeedsCredentials && options.Credentials is null)
            return Result(c, target, Verdict.Skipped, "needs the target's credentials (--user and --password)", TimeSpan.Zero, []);
        if (_deaths.Down is { } down && (!target.CanRestart || _gaveUpRestarting))
            return Result(c, target, Verdict.Blocked, down.Since, TimeSpan.Zero, []);
        return null;
    }

    private async Task<(CaseResult Result, Observation? Seen)> RunCaseCoreAsync(
        SocksCase c, Features features, ITarget target, FixtureSet fixtures, Tokens run, bool alone)
    {
        if (Precondition(c, features, target, run) is { } early) return (early, null);
        try
        {
            await EnsureTargetAsync(target, record: !alone, run.Run);
        }
        catch (CaseAbort a)
        {
            return (Result(c, target, a.Verdict, a.Message, TimeSpan.Zero, []), null);
        }
        catch (OperationCanceledException) when (run.DeadlinePassed)
        {
            return (Result(c, target, Verdict.Blocked, NotRun(), TimeSpan.Zero, []), null);
        }
        if (!alone) _deaths.Started(c.Id);
        var begun = _deaths.Now;
        int epoch = Volatile.Read(ref _restarts);
        var trace = new WireTrace(_budget);
        var clock = Stopwatch.StartNew();
        Verdict verdict;
        string actual;
        Observation? seen = null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(run.Run);
        cts.CancelAfter(options.CaseDeadline);
        var context = new CaseContext(target.EndPoint, options.Credentials, features, fixtures, trace, options.Timeout);
        try
        {
            seen = await c.Run(context, cts.Token);
            var judged = c.Judge(seen);
            verdict = judged.Verdict;
            actual = (judged.Detail is { } detail ? detail + "; " : "") + seen.Describe()
                     + (judged.Matched == Judged.AnythingElse ? "" : $" [matched: {judged.Matched}]");
        }
        catch (CaseAbort a)
        {
            (verdict, actual) = (a.Verdict, a.Message);
        }
        catch (OperationCanceledException) when (!run.User.IsCancellationRequested)
        {
            (verdict, actual) = run.DeadlinePassed
                ? (Verdict.Error, $"{CutOff} ({options.RunLimit.TotalSeconds:0} s, --run-timeout) while it ran")
                : (Verdict.Error, $"the case did not finish within its deadline of {options.CaseDeadline.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (verdict, actual) = (Verdict.Error, $"suite error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await context.DisposeAsync();
        }
        if (!alone) _deaths.Ended(c.Id);
        var ended = _deaths.Now;
        var result = Result(c, target, verdict, actual, clock.Elapsed, trace.Events);
        if (result.Trace.Any(e => e.Kind == TraceEventKind.Connect)) _accepted = true;
        if (alone || run.Run.IsCancellationRequested) return (result, seen);
        NoteAnswer(begun, result.Trace);

        // A case that ran across a restart, or ended while the target was down, saw the death rather than the target's
        // answer: it is re-run (or, without a restart, blocked) once the deaths are settled.
        if (result.Verdict != Verdict.Pass && (Volatile.Read(ref _restarts) != epoch || _deaths.Down is not null)) _spoiled.TryAdd(c.Id, 0);
        // An error from before a restart (or during one) tells nothing about the target as it is now.
        if (Volatile.Read(ref _restarts) == epoch && _restartLock.CurrentCount > 0 &&
            await DeadReasonAsync(target, verdict, run.Run) is { } why)
        {
            OnDeath(target, why, c.Id, ended, epoch);
        }
        return (result, seen);
    }

    /// <summary>Why the target is dead now, or null: its process or container exited, or (after a case that could not run) it refuses connections.</summary>
    private async Task<string?> DeadReasonAsync(ITarget target, Verdict verdict, CancellationToken ct)
    {
        if (target.Crashed is { } why) return why;
        // Refusing connections is a death only after the target accepted some: one that never did is no SOCKS server.
        if (verdict != Verdict.Error || !_accepted) return null;
        try
        {
            for (int i = 0; i < 3; i++)
            {
                if (!await Liveness.RefusesAsync(target.EndPoint, AliveCheck, ct)) return null;
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException)
        {
            return null; // the run ended meanwhile: no verdict on the target from a check cut short
        }
        return target.Crashed ?? $"it stopped accepting connections at {target.EndPoint}";
    }

    /// <summary>
    /// Records a death seen by a case that started at restart <paramref name="epoch"/>. Evidence from before a restart
    /// that happened meanwhile (the checks take time) is about the old process: the new one is not marked down for it.
    /// </summary>
    private void OnDeath(ITarget target, string why, string seenBy, TimeSpan seenAt, int epoch)
    {
        if (!_restartLock.Wait(0)) return; // a restart is under way: it is the answer to this death
        try
        {
            if (Volatile.Read(ref _restarts) != epoch) return;
            var death = _deaths.Record(why, seenBy, seenAt);
            if (target.CanRestart) target.MarkDown(death.Reason);
        }
        finally
        {
            _restartLock.Release();
        }
    }

    /// <summary>Polls the target's own death signal (process or container exit) so that a death is dated when it happens.</summary>
    private async Task WatchAsync(ITarget target, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(WatchInterval, ct);
                if (target.Crashed is { } why && _deaths.Down is null)
                    OnDeath(target, why, "the process watch", _deaths.Now, Volatile.Read(ref _restarts));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    /// <summary>Restarts a dead target once, for all the cases waiting on it; after too many restarts it stays down.</summary>
    /// <remarks>A death while suspects are re-run alone (<paramref name="record"/> false) is that run's finding, not a new death.</remarks>
    private async Task EnsureTargetAsync(ITarget target, bool record, CancellationToken ct)
    {
        if (target.Crashed is null || _gaveUpRestarting) return;
        await _restartLock.WaitAsync(ct);
        try
        {
            if (target.Crashed is not { } why || _gaveUpRestarting) return;
            var death = record ? _deaths.Record(why, "the next case") : null;
            if (!target.CanRestart) return;
            if (_restarts >= MaxRestarts)
            {
                _gaveUpRestarting = true;
                return;
            }
            _restarts++;
            try
            {
                await target.RestartAsync(ct);
                _upSince = _deaths.Now;
                // Also a death the process watch recorded meanwhile: this restart is the recovery from it.
                if ((death ?? _deaths.Down) is { } recovered) _deaths.Recovered(recovered);
            }
            catch (TargetSetupException e)
            {
                _gaveUpRestarting = true;
                throw new CaseAbort(Verdict.Blocked, $"{death?.Since ?? "the target died"}; it could not be restarted: {e.Message}");
            }
        }
        finally
        {
            _restartLock.Release();
        }
    }

    private CaseResult Result(SocksCase c, ITarget target, Verdict v, string actual, TimeSpan duration, IReadOnlyList<TraceEvent> trace) =>
        new(c.Id, c.Requirements, c.Level, c.Section, c.Title, v, c.Expected, actual, duration, trace, Reproducer(c.Id, target));

    public string Reproducer(string caseId, ITarget target)
    {
        var parts = new List<string> { "sockspec run" };
        if (target.ReproducerArgs.Length > 0) parts.Add(target.ReproducerArgs);
        if (options.Credentials is { } cred) parts.Add($"--user {cred.User} --password <password>");
        if (options.Strict) parts.Add("--strict");
        parts.Add($"--cases {caseId}");
        return string.Join(' ', parts);
    }
}
