using Sockspec.Reports;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec run --targets FILE`: the suite against each target of a targets file in turn, one HTML matrix (targets by
/// cases) in the output directory plus &lt;name&gt;.json and &lt;name&gt;.junit.xml per target, each target's verdicts
/// checked against its "expect" file when it names one. Exit 2 when a target could not be set up (the others still
/// run), else 1 when a verdict differs from a target's expected results or, for a target without one, a case failed.
/// </summary>
internal static class RunTargets
{
    public sealed record Settings(
        string File,
        string OutDir,
        Uri? DockerHost,
        RunOptions Options,
        string? WriteExpectDir,
        TimeSpan StartTimeout);

    public static async Task<int> RunAsync(Settings settings, IReadOnlyList<SocksCase> cases, CancellationToken ct)
    {
        TargetsPlan plan;
        try
        {
            plan = TargetsFile.Read(settings.File);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("sockspec run: --targets: " + e.Message);
            return ExitCodes.UsageOrSetup;
        }

        var expected = new Dictionary<string, Dictionary<string, Verdict>>();
        try
        {
            foreach (var spec in plan.Targets.Where(t => t.Expect is not null)) expected[spec.Name] = ExpectFile.Read(spec.Expect!);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("sockspec run: --targets: " + e.Message);
            return ExitCodes.UsageOrSetup;
        }

        Directory.CreateDirectory(settings.OutDir);
        if (settings.WriteExpectDir is { } expectDir) Directory.CreateDirectory(expectDir);
        var reports = new List<TargetReport>();
        bool setupFailed = false, differs = false, failed = false;
        foreach (var spec in plan.Targets)
        {
            var report = await RunOneAsync(spec, plan, settings, cases, ct);
            reports.Add(report);
            bool ran = report.Results.Count > 0;
            setupFailed |= !ran;
            Console.WriteLine(Summary(report));
            if (!ran) continue;

            JsonReport.Write(report, Path.Combine(settings.OutDir, spec.Name + ".json"));
            JUnitReport.Write(report, Path.Combine(settings.OutDir, spec.Name + ".junit.xml"));
            if (settings.WriteExpectDir is { } dir) ExpectFile.Write(Path.Combine(dir, spec.Name + ".expect"), report.Results);
            if (expected.TryGetValue(spec.Name, out var want))
            {
                var diffs = ExpectFile.Compare(want, report.Results, wholeSuite: settings.Options.CaseGlobs.Count == 0);
                foreach (var d in diffs) Console.Error.WriteLine($"expect ({spec.Name}): {d}");
                Console.WriteLine(diffs.Count == 0 ? $"{spec.Name}: expected results: all verdicts match" : $"{spec.Name}: {diffs.Count} verdict(s) differ from {spec.Expect}");
                differs |= diffs.Count > 0 || report.Findings.Count > 0;
            }
            else
            {
                failed |= report.Failed;
            }
        }

        HtmlReport.Write(reports, settings.OutDir);
        Console.WriteLine($"matrix of {reports.Count} targets: {Path.Combine(settings.OutDir, "index.html")}");
        return setupFailed ? ExitCodes.UsageOrSetup : differs || failed ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static async Task<TargetReport> RunOneAsync(
        TargetSpec spec, TargetsPlan plan, Settings settings, IReadOnlyList<SocksCase> cases, CancellationToken ct)
    {
        var profile = new Dictionary<Features, bool>(settings.Options.Profile);
        foreach (var (feature, on) in spec.Profile) profile[feature] = on;
        var options = new RunOptions
        {
            Credentials = spec.Credentials,
            Timeout = settings.Options.Timeout,
            RunLimit = settings.Options.RunLimit,
            Concurrency = settings.Options.Concurrency,
            Strict = settings.Options.Strict,
            CaseGlobs = settings.Options.CaseGlobs,
            Profile = profile,
            RequirementText = settings.Options.RequirementText,
        };
        Console.WriteLine($"== {spec.Name}");
        var startedAt = DateTimeOffset.Now;
        try
        {
            var target = TargetFactory.Create(spec, settings.DockerHost ?? plan.DockerHost, settings.StartTimeout);
            await using (target)
            {
                var report = await new SuiteRunner(options).RunAsync(cases, target, ct);
                // The matrix names columns by the file's names; what exactly ran goes first in the target's log.
                return report with { Target = spec.Name, TargetLog = [$"[sockspec] target {spec.Name}: {target.Name}", .. report.TargetLog] };
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One target that cannot run (no engine, a missing image, no free port) must not cost the others their run.
            var why = e is TargetSetupException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            Console.Error.WriteLine($"sockspec run: target {spec.Name}: {why}");
            return new TargetReport(spec.Name, startedAt, TimeSpan.Zero, [], [$"[sockspec] target {spec.Name} could not be run: {why}"]);
        }
    }

    private static string Summary(TargetReport report) =>
        report.Results.Count == 0
            ? $"{report.Target}: not run ({report.TargetLog.LastOrDefault()})"
            : $"{report.Target}: {report.Results.Count} cases in {report.Duration.TotalSeconds:0.0} s: "
              + string.Join(", ", report.Results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Key.ToWire()} {g.Count()}"))
              + string.Concat(report.Findings.Select(f => $"\n  FINDING ({RunFinding.KindName(f.Kind)}): {f.Describe()}"));
}
