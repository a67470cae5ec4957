using System.Diagnostics;
using System.Security.Cryptography;
using Sockspec.Model;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// Runs client cases: per case a fresh target, a fresh scripted server and one run of the client, bounded by the
/// deadline; then grades. Cases run concurrently with a bound.
/// </summary>
public static class ClientSuiteRunner
{
    public static async Task<TargetReport> RunAsync(
        IReadOnlyList<ClientCase> cases, IClientUnderTest client, ClientSuiteOptions options,
        Action<CaseResult>? progress = null, CancellationToken ct = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var tasks = cases.Select(async c =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var r = await RunCaseAsync(c, client, options, ct);
                progress?.Invoke(r);
                return r;
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(tasks);
        return new TargetReport(client.Name, started, clock.Elapsed, [.. results.Select((r, i) => r.WithRequirementTexts(id => cases[i].Catalogue(id)?.Summary))], []);
    }

    public static async Task<CaseResult> RunCaseAsync(ClientCase c, IClientUnderTest client, ClientSuiteOptions options, CancellationToken ct)
    {
        var trace = new WireTrace();
        var clock = Stopwatch.StartNew();
        var tempDir = Directory.CreateTempSubdirectory("sockspec-client-").FullName;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(options.Timeout + TimeSpan.FromSeconds(3));
        var clientDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var body = $"sockspec-client-body {c.Id} {Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}\n";
            await using var target = new TargetHttpServer(body);
            var host = TargetNames.For(c.Target);
            var context = new ClientCaseContext
            {
                Case = c,
                Trace = trace,
                Target = target,
                TargetHost = host,
                TargetPort = target.EndPoint.Port,
                User = options.User,
                Password = options.Password,
                Deadline = trace.Elapsed + options.Timeout,
                Watch = TimeSpan.FromMilliseconds(Math.Min(2000, options.Timeout.TotalMilliseconds / 3)),
                Cancel = cancel.Token,
                ClientDone = clientDone.Task,
            };
            await using var server = new ScriptedServer(context);
            trace.Note($"scripted server on {server.EndPoint}, target {host}:{target.EndPoint.Port} (served by {target.EndPoint})");
            var run = new ClientRun(c, server.EndPoint, host, target.EndPoint.Port, "/sockspec/" + c.Id.Replace('/', '-'), body,
                options.Timeout, tempDir, options.User, options.Password);
            ClientOutcome outcome;
            try
            {
                outcome = await client.RunAsync(run, ct);
            }
            finally
            {
                clientDone.TrySetResult();
            }
            trace.Note(outcome.Describe() + (outcome.Detail.Length > 0 ? ": " + outcome.Detail : ""));
            var sessions = await server.StopAsync(TimeSpan.FromSeconds(3));
            int relayed = sessions.Count(s => s.Relayed);
            var observation = new CaseObservation
            {
                Context = context,
                Sessions = sessions,
                Client = outcome,
                DirectHits = Math.Max(0, target.Hits - sessions.Count(s => s.Relayed && s.HttpHead is { IsMessage: true })),
            };
            var grade = Preconditions(observation) ?? Safe(c, observation);
            if (grade.Verdict == Verdict.NonStrict && options.Strict) grade = grade with { Verdict = Verdict.Fail };
            return Result(c, grade, clock.Elapsed, trace, client);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            trace.Note("suite error: " + e);
            return Result(c, new Grade(Verdict.Error, "the suite could not run the case: " + e.Message), clock.Elapsed, trace, client);
        }
        finally
        {
            try { Directory.Delete(tempDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static Grade Safe(ClientCase c, CaseObservation o)
    {
        try
        {
            return c.Grade(o);
        }
        catch (Exception e)
        {
            return new Grade(Verdict.Error, $"judging error ({e.GetType().Name}: {e.Message}); " + o.Story());
        }
    }

    /// <summary>Verdicts that come before the case's own rules: setup trouble, a client that never spoke, a dialect mismatch.</summary>
    private static Grade? Preconditions(CaseObservation o)
    {
        if (o.Client.Kind == ClientOutcomeKind.NotStarted) return new Grade(Verdict.Error, o.Client.Describe());
        if (o.Sessions.FirstOrDefault(s => s.ScriptError is not null) is { } broken)
            return new Grade(Verdict.Error, "scripted server error: " + broken.ScriptError);
        if (o.Sessions.Count == 0)
        {
            if (o.DirectHits > 0) return new Grade(Verdict.Fail, "the client fetched from the target directly, going around the proxy; " + o.Client.Describe());
            if (o.Case.Target != TargetShape.Localhost)
                return new Grade(Verdict.Skipped, $"the client never contacted the proxy for the {o.TargetHost.Length}-octet name (it may resolve names itself and refuse); " + o.Client.Describe() + Said(o));
            return new Grade(Verdict.Error, "the client never contacted the proxy: check the command; " + o.Client.Describe() + Said(o));
        }
        // A name case where the client connected but never said a word: its dialect (and so the case) is unknown.
        if (o.Case.Target != TargetShape.Localhost && o.Sessions.All(s => s.Protocol is null && s.Opening is not { IsMessage: true }))
            return new Grade(Verdict.Skipped, $"the client connected but sent nothing for the {o.TargetHost.Length}-octet name (it may resolve names itself and refuse); " + o.Client.Describe() + Said(o));
        if (o.Sessions.All(s => s.Opening is { IsMessage: true } && s.Protocol is null))
            return new Grade(Verdict.Error, $"the client does not speak SOCKS (first octet 0x{o.Sessions[0].Opening!.Message.Value:X2}): check the command");
        if (o.Sessions.Where(s => s.Protocol is not null).All(s => s.NotApplicable is not null) && o.Sessions.Any(s => s.NotApplicable is not null))
            return new Grade(Verdict.Skipped, "not applicable: " + o.Sessions.First(s => s.NotApplicable is not null).NotApplicable);
        return null;
    }

    private static string Said(CaseObservation o) => o.Client.Detail.Length > 0 ? "; client said: " + o.Client.Detail : "";

    private static CaseResult Result(ClientCase c, Grade g, TimeSpan duration, WireTrace trace, IClientUnderTest client) =>
        new(c.Id, c.Requirements, c.Level, c.Section, c.Title, g.Verdict, c.Expected, g.Actual, duration, trace.Events, client.Reproducer(c.Id));
}
