using System.Diagnostics;
using Sockspec.Targets;

namespace Sockspec.NetFuzz;

public sealed record FuzzSummary(long Cases, TimeSpan Elapsed, IReadOnlyList<Finding> Findings, long ConnectFailures, long Silent, bool TargetLost)
{
    public double CasesPerSecond => Elapsed.TotalSeconds > 0 ? Cases / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// A bounded campaign: many cases in flight at once against a started target; on a suspect outcome every other case
/// is paused while the oracle confirms it, the finding is minimised and saved, and the target restarted.
/// </summary>
public sealed class FuzzCampaign
{
    private const int MaxHangFindings = 3;
    private const int MaxSameCrash = 3;

    private readonly ITarget _target;
    private readonly FuzzOptions _o;
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _gate;
    private readonly SemaphoreSlim _handler = new(1, 1);
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _seen = [];
    private readonly long[] _recent;
    private readonly Stopwatch _clock = new();
    private CaseFactory _factory = null!;
    private Oracle _oracle = null!;
    private long _next = -1, _done, _connectFailures, _silent, _recentAt = -1, _answered, _openAfterAnswer, _repeatedCrashes;
    private volatile bool _stop;
    private bool _targetLost;

    public FuzzCampaign(ITarget target, FuzzOptions options, TextWriter log)
    {
        _target = target;
        _o = options;
        _log = log;
        _gate = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _recent = new long[Math.Max(8, options.Concurrency * 2)];
        Array.Fill(_recent, -1);
    }

    public async Task<FuzzSummary> RunAsync(CancellationToken ct)
    {
        await using var echo = EchoFixture.Start();
        var echoPort = (ushort)echo.Port;
        _factory = new CaseFactory(new HandshakeGenerator(echoPort, _o.User, _o.Password), _o.Seed);
        _oracle = new Oracle(_target, _o, echoPort);
        if (await ControlHandshake.FailureAsync(_target.EndPoint, echoPort, _o.User, _o.Password, TimeSpan.FromSeconds(5), ct) is { } bad)
            throw new TargetSetupException($"{_target.Name} does not complete a plain handshake before fuzzing ({bad}); check --user/--password");
        _log.WriteLine($"fuzzing {_target.Name} at {_target.EndPoint}: seed {_o.Seed}, {_o.Concurrency} connections in flight, up to {_o.Duration.TotalSeconds:0} s / {_o.MaxCases} cases");
        _clock.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Read the pid before the load starts, while the target's start line is still in its bounded log.
        var rss = _o.RssGrowthKib > 0 ? new RssMonitor(_target) : null;
        _ = rss?.Pid;
        var progress = ProgressAsync(rss, stop.Token);
        var workers = Enumerable.Range(0, _o.Concurrency).Select(_ => Task.Run(() => WorkerAsync(ct), ct)).ToArray();
        await Task.WhenAll(workers);
        _clock.Stop();
        await stop.CancelAsync();
        await progress;
        var summary = new FuzzSummary(Interlocked.Read(ref _done), _clock.Elapsed, _findings, _connectFailures, _silent, _targetLost);
        _log.WriteLine($"done: {summary.Cases} cases in {summary.Elapsed.TotalSeconds:0.0} s ({summary.CasesPerSecond:0} cases/s), "
            + $"{summary.Findings.Count} finding(s); {_answered} answered ({_openAfterAnswer} still open {CaseSender.AfterAnswer.TotalMilliseconds:0} ms after the answer), "
            + $"the rest closed without a byte; {summary.ConnectFailures} transient connect failure(s), {summary.Silent} silent case(s) checked"
            + (_repeatedCrashes > 0 ? $"; {_repeatedCrashes} more crash(es) like an earlier finding (restarted, not saved)" : "")
            + (_targetLost ? "; stopped early: the target could not be brought back" : ""));
        foreach (var f in summary.Findings) _log.WriteLine($"  {f.Kind}: {f.Detail}" + (f.ReproducerPath is { } p ? $" -> {p}" : ""));
        return summary;
    }

    private bool OutOfBudget => _stop || _clock.Elapsed >= _o.Duration;

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!OutOfBudget && !ct.IsCancellationRequested)
        {
            long index = Interlocked.Increment(ref _next);
            if (index >= _o.MaxCases) return;
            var c = _factory.Create(index);
            Outcome outcome;
            await _gate.WaitAsync(ct);
            try
            {
                _recent[Interlocked.Increment(ref _recentAt) % _recent.Length] = index;
                outcome = await CaseSender.SendAsync(_target.EndPoint, c, _o.HangDeadline, ct);
            }
            finally
            {
                _gate.Release();
            }
            Interlocked.Increment(ref _done);
            if (outcome.BytesReceived > 0) Interlocked.Increment(ref _answered);
            if (outcome.Kind == OutcomeKind.AnsweredOpen) Interlocked.Increment(ref _openAfterAnswer);
            if (outcome.Kind is OutcomeKind.ConnectFailed or OutcomeKind.Silent || _target.Crashed is not null)
                await HandleSuspectAsync(c, outcome, ct);
        }
    }

    private async Task HandleSuspectAsync(FuzzCase c, Outcome outcome, CancellationToken ct)
    {
        await _handler.WaitAsync(ct);
        int held = 0;
        try
        {
            // Stop the world: the other cases finish, none starts, so replays and restarts see the target alone.
            for (; held < _o.Concurrency; held++) await _gate.WaitAsync(ct);
            if (_findings.Count >= _o.MaxFindings) return;
            if (outcome.Kind == OutcomeKind.Silent) Interlocked.Increment(ref _silent);
            // A proxy that hangs on a whole class of inputs would otherwise spend the campaign minimising the same bug.
            if (outcome.Kind == OutcomeKind.Silent && _findings.Count(f => f.Kind is FindingKind.Hang or FindingKind.ControlFailed) >= MaxHangFindings) return;
            if (await _oracle.DownAsync(outcome.Kind == OutcomeKind.ConnectFailed, ct) is { } down)
                await OnCrashAsync(down, ct);
            else if (outcome.Kind == OutcomeKind.ConnectFailed)
                Interlocked.Increment(ref _connectFailures);
            else if (outcome.Kind == OutcomeKind.Silent && await _oracle.RunAloneAsync(c, ct) is { } finding)
                await RecordAsync(finding.Kind, finding.Detail, c, ct);
        }
        finally
        {
            if (held > 0) _gate.Release(held);
            _handler.Release();
        }
    }

    private async Task OnCrashAsync(string why, CancellationToken ct)
    {
        _log.WriteLine($"[{_clock.Elapsed.TotalSeconds:0.0} s] target down: {why}; finding the case that does it");
        if (!await _oracle.EnsureUpAsync(ct))
        {
            _targetLost = _stop = true;
            _findings.Add(new Finding(FindingKind.Crash, why + " (and the target could not be restarted)", null, null, null));
            return;
        }
        // The same death over and over is one bug: after a few reproducers, only restart and count.
        if (_findings.Count(f => f.Kind == FindingKind.Crash && f.Detail == why) >= MaxSameCrash)
        {
            _repeatedCrashes++;
            return;
        }
        // Replay the cases that were in flight, newest first, each on its own, until one brings the target down.
        var suspects = _recent.Where(i => i >= 0).Distinct().OrderByDescending(i => i).ToList();
        var until = DateTime.UtcNow + _o.MinimiseBudget;
        foreach (var index in suspects)
        {
            if (DateTime.UtcNow > until) break;
            var c = _factory.Create(index);
            if (await _oracle.RunAloneAsync(c, ct) is { Kind: FindingKind.Crash } crash)
            {
                await RecordAsync(FindingKind.Crash, crash.Detail, c, ct);
                return;
            }
        }
        // Keep what was in flight for a manual look: the crash may need several cases together, or be timing-bound.
        Directory.CreateDirectory(_o.OutDir);
        var path = Path.Combine(_o.OutDir, $"crash-{_findings.Count + 1:000}-unreproduced.txt");
        File.WriteAllLines(path, [$"# {why}; seed {_o.Seed}; the cases in flight, newest first (case, hex, cuts, delay ms)",
            .. suspects.Select(i => _factory.Create(i)).Select(c => $"{c.Label}\t{c.Hex}\t{string.Join(',', c.Cuts)}\t{c.DelayMs}")]);
        _findings.Add(new Finding(FindingKind.Crash, why + $" (no single one of the last {suspects.Count} cases reproduces it)", null, null, path));
        await _oracle.EnsureUpAsync(ct);
    }

    private async Task RecordAsync(FindingKind kind, string detail, FuzzCase c, CancellationToken ct)
    {
        var remaining = _o.Duration - _clock.Elapsed;
        var budget = remaining < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : remaining < _o.MinimiseBudget ? remaining : _o.MinimiseBudget;
        var minimiser = new Minimiser(async x => await _oracle.RunAloneAsync(x, ct) is { } f && f.Kind == kind, _o.MinimiseAttempts, budget);
        var small = await minimiser.MinimiseAsync(c);
        await _oracle.EnsureUpAsync(ct);
        if (!_seen.Add($"{kind}:{small.Hex}:{string.Join(',', small.Cuts)}")) return;
        Directory.CreateDirectory(_o.OutDir);
        var path = Path.Combine(_o.OutDir, $"{kind.ToString().ToLowerInvariant()}-{_findings.Count + 1:000}.json");
        new Reproducer(kind.ToString(), detail, small.Hex, small.Cuts, small.DelayMs, _o.Seed, c.Label, c.Hex, c.Cuts,
            $"sockspec fuzz --replay {path} {_o.TargetArgs}".TrimEnd()).Write(path);
        _findings.Add(new Finding(kind, detail, c, small, path));
        _log.WriteLine($"[{_clock.Elapsed.TotalSeconds:0.0} s] {kind}: {detail}; {c} minimised to {small.Bytes.Length} bytes in {minimiser.Attempts} attempts -> {path}");
        if (_findings.Count >= _o.MaxFindings) _stop = true;
    }

    private async Task ProgressAsync(RssMonitor? rss, CancellationToken ct)
    {
        long? baseline = null;
        bool reported = false;
        long lastDone = 0;
        var lastAt = TimeSpan.Zero;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                var now = _clock.Elapsed;
                long done = Interlocked.Read(ref _done);
                var kib = rss?.RssKib();
                // The level after the first seconds of load is the baseline; a restart starts a new process and level.
                if (now > TimeSpan.FromSeconds(3) && baseline is null || kib < baseline / 2) baseline = kib;
                if (kib - baseline > _o.RssGrowthKib && !reported)
                {
                    reported = true;
                    var detail = $"RSS grew from {baseline / 1024} MiB to {kib / 1024} MiB under fuzzing (threshold {_o.RssGrowthKib / 1024} MiB)";
                    await _handler.WaitAsync(ct);
                    try { _findings.Add(new Finding(FindingKind.ResourceGrowth, detail, null, null, null)); }
                    finally { _handler.Release(); }
                    _log.WriteLine($"[{now.TotalSeconds:0.0} s] resource growth: {detail}");
                }
                if ((int)now.TotalSeconds % 5 == 0 || now - lastAt > TimeSpan.FromSeconds(5))
                {
                    _log.WriteLine($"[{now.TotalSeconds:0} s] {done} cases ({(done - lastDone) / (now - lastAt).TotalSeconds:0}/s), "
                        + $"{_findings.Count} finding(s)" + (kib is { } k ? $", target RSS {k / 1024} MiB" : ""));
                    lastDone = done;
                    lastAt = now;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The campaign ended.
        }
    }
}
