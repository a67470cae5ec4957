using Sockspec.Reports;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec run --targets FILE`: the suite against each server target of a targets file (the roster) in turn, one HTML
/// matrix (targets by cases) in the output directory plus &lt;name&gt;.json and &lt;name&gt;.junit.xml per target, each
/// target's verdicts checked against its "expect" file when it names one, and with --markdown the Markdown matrix. A
/// target passes when it ran, had no finding, and matched its expected file (without one: failed no case); the last
/// line is "N passed, N failed" over the targets. Exit 2 when a target could not be set up (the others still run), else
/// 1 when a target failed.
/// </summary>
internal static class RunTargets
{
    public sealed record Settings(
        string File,
        string OutDir,
        Uri? DockerHost,
        RunOptions Options,
        string? WriteExpectDir,
        TimeSpan StartTimeout)
    {
        public bool Local { get; init; }

        public bool UpdateExpect { get; init; }

        public IReadOnlyList<string> Only { get; init; } = [];

        public string? Markdown { get; init; }

        public string? Notes { get; init; }

        public string? Changes { get; init; }
    }

    public static async Task<int> RunAsync(Settings settings, IReadOnlyList<SocksCase> cases, CancellationToken ct)
    {
        TargetsPlan plan;
        IReadOnlyList<TargetSpec> targets;
        var expected = new Dictionary<string, Dictionary<string, Verdict>>();
        IReadOnlyList<MatrixNote>? notes = null;
        string? changes = null;
        try
        {
            plan = TargetsFile.Read(settings.File);
            if (RosterSelection.Pick(plan.Servers, settings.Only, "server", out var error) is not { } picked) return Fail(error);
            // --local: the same binaries as local processes, where no container engine runs (and to prove they agree).
            targets = settings.Local ? [.. picked.Select(t => t.AsLocal()).OfType<TargetSpec>()] : picked;
            foreach (var skipped in picked.Where(t => settings.Local && t.Local is null)) Console.WriteLine($"{skipped.Name}: skipped (no \"local\" form)");
            if (targets.Count == 0) return Fail("--local: none of the targets has a \"local\" form");
            // With --update-expect the file is what is being rewritten: a missing or stale one is not an error.
            if (!settings.UpdateExpect)
                foreach (var spec in targets.Where(t => t.Expect is not null)) expected[spec.Name] = ExpectFile.Read(spec.Expect!, spec.Name);
            if (settings.Notes is { } notesPath) notes = MatrixNotes.Read(notesPath);
            if (settings.Changes is { } changesPath) changes = File.ReadAllText(changesPath);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            return Fail(e.Message);
        }

        Directory.CreateDirectory(settings.OutDir);
        if (settings.WriteExpectDir is { } expectDir) Directory.CreateDirectory(expectDir);
        var reports = new List<TargetReport>();
        bool setupFailed = false;
        int passed = 0, failed = 0;
        var started = DateTimeOffset.Now;
        foreach (var spec in targets)
        {
            var report = await RunOneAsync(spec, plan, settings, cases, ct);
            reports.Add(report);
            bool ran = report.Results.Count > 0, ok = ran;
            setupFailed |= !ran;
            Console.WriteLine(Summary(report));
            if (ran)
            {
                JsonReport.Write(report, Path.Combine(settings.OutDir, spec.Name + ".json"));
                JUnitReport.Write(report, Path.Combine(settings.OutDir, spec.Name + ".junit.xml"));
                if (settings.WriteExpectDir is { } dir) ExpectFile.Write(Path.Combine(dir, spec.Name + ".expect"), report.Results);
                if (settings.UpdateExpect && spec.Expect is { } own) ExpectFile.Write(own, spec.Name, report.Results, wholeSuite: settings.Options.CaseGlobs.Count == 0);
                if (expected.TryGetValue(spec.Name, out var want))
                {
                    var diffs = ExpectFile.Compare(want, report.Results, wholeSuite: settings.Options.CaseGlobs.Count == 0);
                    foreach (var d in diffs) Console.Error.WriteLine($"expect ({spec.Name}): {d}");
                    Console.WriteLine(diffs.Count == 0 ? $"{spec.Name}: expected results: all verdicts match" : $"{spec.Name}: {diffs.Count} verdict(s) differ from {spec.Expect}");
                    // A finding (a death, no server, the deadline) is never "expected", whatever the file says.
                    ok = diffs.Count == 0 && report.Findings.Count == 0;
                }
                else if (!settings.UpdateExpect || spec.Expect is null)
                {
                    ok = !report.Failed;
                }
                else
                {
                    // Rewriting the file: the run counts when it completed without a finding, whatever its verdicts.
                    ok = report.Findings.Count == 0;
                }
            }
            if (ok) passed++;
            else failed++;
        }

        HtmlReport.Write(reports, settings.OutDir);
        Console.WriteLine($"matrix of {reports.Count} targets: {Path.Combine(settings.OutDir, "index.html")}");
        if (settings.Markdown is { } markdown)
        {
            var elapsed = (DateTimeOffset.Now - started).TotalSeconds;
            var columns = targets.Select((t, i) => new MatrixColumn(t.Name, PackageVersion.Describe(t), t.RanAs, reports[i])).ToList();
            System.IO.File.WriteAllText(markdown, MarkdownMatrix.Render(columns, new MarkdownMatrixText(
                "Conformance matrix of real SOCKS proxies",
                $"Generated by `sockspec run --targets {settings.File}{(settings.Local ? " --local" : "")}` ({elapsed:0} s wall time for all targets; "
                + "`scripts/matrix.sh` runs it). The HTML matrix of the same run, with every case's expected and actual behaviour and annotated "
                + "wire traces, and `<name>.json` and `<name>.junit.xml` per target, are written to its `--out` folder (out/matrix; "
                + "CI keeps them as an artifact). The proxies are the Debian 12 packages, run as FROM-scratch containers on the host "
                + "network (engine/targets); the reference column is sockspec's own embedded proxy.\n\n"
                + (notes is null ? "" : $"Every FAIL below was checked by hand against the bytes on the wire and the RFC text ({settings.Notes} holds "
                + "the verdict of that check). *Deviation*: the proxy really breaks the rule. *Suite*: the FAIL comes from the suite's grading "
                + "and is listed for fixing, not held against the proxy. *UNCHECKED*: nobody has read this FAIL's trace yet."),
                notes, changes)));
            Console.WriteLine($"Markdown matrix: {markdown}");
        }
        Console.WriteLine($"{passed} passed, {failed} failed");
        return setupFailed ? ExitCodes.UsageOrSetup : failed > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("sockspec run: --targets: " + message);
        return ExitCodes.UsageOrSetup;
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
