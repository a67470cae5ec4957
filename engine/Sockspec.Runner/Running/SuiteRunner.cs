using System.Diagnostics;
using Sockspec.Runner.Cases;
using Sockspec.Runner.Fixtures;
using Sockspec.Runner.Model;
using Sockspec.Runner.Targets;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Running;

/// <summary>
/// Runs cases against one target: starts the fixtures, probes features, then runs the selected cases concurrently
/// (bounded), each on fresh connections with its own trace and deadline, and judges each observation.
/// </summary>
public sealed class SuiteRunner(RunOptions options)
{
    /// <summary>Restarts allowed after crashes, so that a target that dies at every touch cannot loop forever.</summary>
    private const int MaxRestarts = 5;

    private readonly SemaphoreSlim _restartLock = new(1, 1);
    private int _crashEpoch;
    private int _restarts;

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
        await using var fixtures = FixtureSet.Start();
        await target.StartAsync(ct);
        var selected = cases.Where(c => CaseFilter.Matches(options.CaseGlobs, c.Id)).ToList();
        Planned?.Invoke(selected.Count + Probes.First.Count + Probes.Second.Count);

        var results = new List<CaseResult>();
        var features = Features.None;
        foreach (var phase in new[] { Probes.First, Probes.Second })
        {
            var phaseResults = await Task.WhenAll(phase.Select(p => ProbeAsync(p.Case, p.Feature, features, target, fixtures, ct)));
            foreach (var (result, feature, present) in phaseResults)
            {
                results.Add(result);
                if (present) features |= feature;
            }
        }
        DetectedFeatures = features;

        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var running = selected.Select(async c =>
        {
            await gate.WaitAsync(ct);
            try
            {
                return await RunCaseAsync(c, features, target, fixtures, ct);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        results.AddRange(await Task.WhenAll(running));

        if (options.Strict)
        {
            results = [.. results.Select(r => r.Verdict == Verdict.NonStrict
                ? r with { Verdict = Verdict.Fail, Actual = "(--strict) " + r.Actual }
                : r)];
        }
        var log = target.Log;
        return new TargetReport(target.Name, startedAt, clock.Elapsed, results, log);
    }

    private async Task<(CaseResult Result, Features Feature, bool Present)> ProbeAsync(
        SocksCase probe, Features feature, Features known, ITarget target, FixtureSet fixtures, CancellationToken ct)
    {
        if (options.Profile.TryGetValue(feature, out bool fixedValue))
        {
            var r = Result(probe, target, fixedValue ? Verdict.Informational : Verdict.Skipped,
                $"set by the profile: {(fixedValue ? "supported" : "not supported")}", TimeSpan.Zero, []);
            CaseFinished?.Invoke(r);
            return (r, feature, fixedValue);
        }
        var result = await RunCaseAsync(probe, known, target, fixtures, ct);
        return (result, feature, result.Verdict == Verdict.Informational);
    }

    private async Task<CaseResult> RunCaseAsync(SocksCase c, Features features, ITarget target, FixtureSet fixtures, CancellationToken ct)
    {
        var result = await RunCaseCoreAsync(c, features, target, fixtures, ct);
        CaseFinished?.Invoke(result);
        return result;
    }

    private async Task<CaseResult> RunCaseCoreAsync(SocksCase c, Features features, ITarget target, FixtureSet fixtures, CancellationToken ct)
    {
        var missing = c.Needs & ~features;
        if (missing != Features.None)
        {
            bool byProfile = options.Profile.Any(p => missing.HasFlag(p.Key) && !p.Value);
            return Result(c, target, byProfile ? Verdict.Skipped : Verdict.Unsupported,
                $"needs {FeatureNames.Describe(missing)}, which the " + (byProfile ? "profile turned off" : "probes found absent"), TimeSpan.Zero, []);
        }
        if (c.NeedsCredentials && options.Credentials is null)
            return Result(c, target, Verdict.Skipped, "needs the target's credentials (--user and --password)", TimeSpan.Zero, []);

        try
        {
            await EnsureTargetAsync(target, ct);
        }
        catch (CaseAbort a)
        {
            return Result(c, target, a.Verdict, a.Message, TimeSpan.Zero, []);
        }
        int epoch = Volatile.Read(ref _crashEpoch);
        var trace = new WireTrace();
        var clock = Stopwatch.StartNew();
        Verdict verdict;
        string actual;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.CaseDeadline);
        var context = new CaseContext(target.EndPoint, options.Credentials, features, fixtures, trace, options.Timeout);
        try
        {
            var observation = await c.Run(context, cts.Token);
            (verdict, var matched) = c.Judge(observation);
            actual = observation.Describe() + (matched == "anything else" ? "" : $" [matched: {matched}]");
        }
        catch (CaseAbort a)
        {
            (verdict, actual) = (a.Verdict, a.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            (verdict, actual) = (Verdict.Error, $"the case did not finish within its deadline of {options.CaseDeadline.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            (verdict, actual) = (Verdict.Error, $"suite error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await context.DisposeAsync();
        }
        if (target.Crashed is { } why || Volatile.Read(ref _crashEpoch) != epoch)
        {
            why = target.Crashed ?? "the target died (and was restarted) while this case was running";
            trace.Note($"target crashed: {why}");
            (verdict, actual) = (Verdict.Fail, $"the target crashed while this case was running ({why}); the case saw: {actual}");
        }
        return Result(c, target, verdict, actual, clock.Elapsed, trace.Events);
    }

    /// <summary>Restarts a crashed target once, for all the cases waiting on it.</summary>
    private async Task EnsureTargetAsync(ITarget target, CancellationToken ct)
    {
        if (target.Crashed is null) return;
        await _restartLock.WaitAsync(ct);
        try
        {
            if (target.Crashed is null) return;
            if (_restarts >= MaxRestarts) throw new CaseAbort(Verdict.Error, $"the target crashed {MaxRestarts} times; not restarted again");
            _restarts++;
            Interlocked.Increment(ref _crashEpoch);
            try
            {
                await target.RestartAsync(ct);
            }
            catch (TargetSetupException e)
            {
                throw new CaseAbort(Verdict.Error, "the target crashed and could not be restarted: " + e.Message);
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
