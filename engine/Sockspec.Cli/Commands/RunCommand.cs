using System.Net.Sockets;
using System.CommandLine;
using Sockspec.Reports;
using Sockspec.Runner.Cases;
using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;
using Sockspec.Spec;
using Spectre.Console;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec run`: the server conformance suite against --target HOST:PORT, a proxy started with --exec, or (neither)
/// the embedded reference proxy. Exit 0 when nothing failed, 1 when a case failed, errored or was blocked, or the run has
/// a finding (no SOCKS server, the target died, the run's deadline passed), with --expect also when any verdict differs
/// from the file, 2 for usage or setup errors.
/// </summary>
public sealed class RunCommand : ISockspecCommand
{
    public Command Build()
    {
        var target = new Option<string?>("--target") { Description = "the proxy to test, HOST:PORT (with --exec: where the started proxy listens)" };
        var exec = new Option<string?>("--exec") { Description = "start the proxy with this shell command; {port} is replaced by a free port, or it must print 'listening on ADDR:PORT'" };
        var user = new Option<string?>("--user") { Description = "RFC 1929 user name the target accepts (the embedded proxy is started with it)" };
        var password = new Option<string?>("--password") { Description = "the password that goes with --user" };
        var cases = new Option<string[]>("--cases") { Description = "only cases whose ID matches this glob, * and ? (repeatable)" };
        var list = new Option<bool>("--list") { Description = "list the cases and exit" };
        var strict = new Option<bool>("--strict") { Description = "non-strict verdicts (SHOULD/MAY deviations) count as failures" };
        var timeout = new Option<double>("--timeout") { Description = "seconds each read waits for an answer", DefaultValueFactory = _ => 5 };
        var runTimeout = new Option<double>("--run-timeout")
        {
            Description = "seconds the whole run may take; then the remaining cases are blocked and the reports written",
            DefaultValueFactory = _ => RunOptions.DefaultRunLimit.TotalSeconds,
        };
        var concurrency = new Option<int>("--concurrency") { Description = "cases in flight at once", DefaultValueFactory = _ => 16 };
        var profile = new Option<string?>("--profile") { Description = "file of 'feature = yes|no' lines fixing features instead of probing them" };
        var outDir = new Option<string?>("--out") { Description = "write the HTML report into this directory" };
        var json = new Option<string?>("--json") { Description = "write the JSON report to this file" };
        var junit = new Option<string?>("--junit") { Description = "write JUnit XML to this file" };
        var expect = new Option<string?>("--expect") { Description = "expected-results file ('case-id verdict' lines); any difference exits 1" };
        var writeExpect = new Option<string?>("--write-expect") { Description = "write this run's verdicts as an expected-results file (with --targets: a directory, one <name>.expect per target)" };
        var docker = new DockerOptions();

        var command = new Command("run", "Run the server conformance suite against a SOCKS proxy")
        {
            target, exec, user, password, cases, list, strict, timeout, runTimeout, concurrency, profile, outDir, json, junit, expect, writeExpect,
        };
        docker.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var globs = parse.GetValue(cases) ?? [];
            var selected = Suite.All.Where(c => CaseFilter.Matches(globs, c.Id)).ToList();
            if (parse.GetValue(list))
            {
                foreach (var c in selected) Console.WriteLine($"{c.Id}\t{string.Join(",", c.Requirements)}\t{c.Level}\t{c.Title}");
                return ExitCodes.Ok;
            }
            if (globs.Length > 0 && selected.Count == 0) return Fail("--cases matches no case (see --list)");
            string? u = parse.GetValue(user), p = parse.GetValue(password);
            if ((u is null) != (p is null)) return Fail("--user and --password go together");
            var credentials = u is null ? null : new Credentials(u, p!);
            double seconds = parse.GetValue(timeout);
            if (seconds is <= 0 or > 120) return Fail("--timeout must be between 0 and 120 seconds");
            double runSeconds = parse.GetValue(runTimeout);
            if (runSeconds is < 1 or > 86_400) return Fail("--run-timeout must be between 1 and 86400 seconds");
            int parallel = parse.GetValue(concurrency);
            if (parallel is < 1 or > 256) return Fail("--concurrency must be between 1 and 256");

            Dictionary<Features, bool> features = [];
            Dictionary<string, Verdict>? expected = null;
            try
            {
                if (parse.GetValue(profile) is { } profilePath) features = FeatureProfile.Read(profilePath);
                if (parse.GetValue(expect) is { } expectPath) expected = ExpectFile.Read(expectPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return Fail(e.Message);
            }

            if (DockerOptions.NeedTargets(parse).FirstOrDefault() is { } orphan && parse.GetValue(docker.Targets) is null)
                return Fail($"{orphan} goes with --targets");
            if (parse.GetValue(docker.Targets) is { } targetsFile)
            {
                var conflicts = DockerOptions.ConflictsWithTargets(parse).ToList();
                if (conflicts.Count > 0) return Fail($"--targets replaces {string.Join(", ", conflicts)} (each target in the file has its own)");
                if (parse.GetValue(outDir) is not { } matrixDir) return Fail("--targets needs --out DIR for the matrix and the per-target reports");
                if (!docker.TryGetHost(parse, out var host, out var hostError)) return Fail(hostError);
                var shared = new RunOptions
                {
                    Timeout = TimeSpan.FromSeconds(seconds), Concurrency = parallel, Strict = parse.GetValue(strict), CaseGlobs = globs, Profile = features,
                    RunLimit = TimeSpan.FromSeconds(runSeconds), RequirementText = Sockspec.Spec.Requirements.Catalogue.TextOf,
                };
                return await RunTargets.RunAsync(
                    new RunTargets.Settings(targetsFile, matrixDir, host, shared, parse.GetValue(writeExpect), DockerOptions.StartTimeout)
                    {
                        Local = parse.GetValue(docker.Local),
                        UpdateExpect = parse.GetValue(docker.UpdateExpect),
                        Only = parse.GetValue(docker.Only) ?? [],
                        Markdown = parse.GetValue(docker.Markdown),
                        Notes = parse.GetValue(docker.Notes),
                        Changes = parse.GetValue(docker.Changes),
                    }, selected, ct);
            }

            ITarget? under;
            string? error;
            if (docker.DockerGiven(parse))
            {
                if (parse.GetValue(target) is not null || parse.GetValue(exec) is not null) return Fail("--docker, --target and --exec exclude each other");
                under = docker.CreateTarget(parse, out error);
            }
            else
            {
                under = MakeTarget(parse.GetValue(target), parse.GetValue(exec), credentials, out error);
            }
            if (under is null) return Fail(error!);

            var options = new RunOptions
            {
                Credentials = credentials,
                Timeout = TimeSpan.FromSeconds(seconds),
                Concurrency = parallel,
                Strict = parse.GetValue(strict),
                CaseGlobs = globs,
                Profile = features,
                RunLimit = TimeSpan.FromSeconds(runSeconds),
                RequirementText = Sockspec.Spec.Requirements.Catalogue.TextOf,
            };
            TargetReport report;
            try
            {
                await using (under)
                    report = await RunWithProgressAsync(new SuiteRunner(options), selected, under, ct);
            }
            catch (TargetSetupException e)
            {
                Console.Error.WriteLine("sockspec run: " + e.Message);
                return ExitCodes.UsageOrSetup;
            }
            catch (SocketException e)
            {
                // The suite's own loopback fixtures could not bind (e.g. the machine ran out of ephemeral ports):
                // a setup error, not a verdict on the target.
                Console.Error.WriteLine("sockspec run: cannot set up the loopback fixtures: " + e.Message);
                return ExitCodes.UsageOrSetup;
            }
            PrintSummary(report);

            try
            {
                if (parse.GetValue(outDir) is { } dir) HtmlReport.Write([report], dir);
                if (parse.GetValue(json) is { } jsonPath) JsonReport.Write(report, jsonPath);
                if (parse.GetValue(junit) is { } junitPath) JUnitReport.Write(report, junitPath);
                if (parse.GetValue(writeExpect) is { } writePath) ExpectFile.Write(writePath, report.Results);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail("could not write a report: " + e.Message);
            }

            if (expected is not null)
            {
                var diffs = ExpectFile.Compare(expected, report.Results, wholeSuite: globs.Length == 0);
                foreach (var d in diffs) Console.Error.WriteLine("expect: " + d);
                if (diffs.Count == 0) Console.WriteLine("expected results: all verdicts match");
                // A finding (a death, no server, the deadline) is never "expected": it fails the run whatever the file says.
                return diffs.Count > 0 || report.Findings.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
            }
            return report.Failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static ITarget? MakeTarget(string? target, string? exec, Credentials? credentials, out string? error)
    {
        error = null;
        System.Net.IPEndPoint? endPoint = null;
        if (target is not null && !EndpointTarget.TryParse(target, out endPoint, out var parseError))
        {
            error = "--target: " + parseError;
            return null;
        }
        if (exec is not null) return new ExecTarget(exec, endPoint, TimeSpan.FromSeconds(15));
        if (endPoint is not null) return new EndpointTarget(endPoint);
        return new ReferenceTarget(credentials);
    }

    /// <summary>A progress bar on a terminal; one plain line per finished case otherwise (CI logs).</summary>
    private static async Task<TargetReport> RunWithProgressAsync(SuiteRunner runner, IReadOnlyList<SocksCase> cases, ITarget target, CancellationToken ct)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            runner.CaseFinished += r => Console.WriteLine($"{r.Verdict.ToWire(),-13} {r.CaseId}");
            return await runner.RunAsync(cases, target, ct);
        }
        TargetReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"sockspec run: {Markup.Escape(target.Name)}", maxValue: 1);
                runner.Planned += n => task.MaxValue = n;
                runner.CaseFinished += _ => task.Increment(1);
                report = await runner.RunAsync(cases, target, ct);
            });
        return report!;
    }

    private static void PrintSummary(TargetReport report)
    {
        // Findings first: one death or "no SOCKS server" explains what would otherwise be a wall of failed cases.
        foreach (var f in report.Findings) Console.WriteLine($"FINDING ({RunFinding.KindName(f.Kind)}): {f.Describe()}");
        Console.WriteLine($"{report.Target}: {report.Results.Count} cases in {report.Duration.TotalSeconds:0.0} s");
        var table = new Table();
        table.AddColumn("verdict").AddColumn(new TableColumn("cases").RightAligned());
        foreach (var g in report.Results.GroupBy(r => r.Verdict).OrderBy(g => g.Key))
            table.AddRow(g.Key.ToWire(), g.Count().ToString());
        AnsiConsole.Write(table);
        var notable = report.Results.Where(r => r.Verdict.IsFailure() || r.Verdict == Verdict.NonStrict).OrderBy(r => r.CaseId, StringComparer.Ordinal).ToList();
        // Blocked cases all say the same few things; list them only when they are few, else one line per blocker.
        var blocked = notable.Where(r => r.Verdict == Verdict.Blocked).ToList();
        if (blocked.Count > 10) notable = [.. notable.Except(blocked)];
        foreach (var r in notable)
        {
            Console.WriteLine($"  {r.Verdict.ToWire(),-11} {r.CaseId} [{string.Join(",", r.Requirements)}]: {r.Actual}");
            Console.WriteLine($"              rerun: {r.Reproducer}");
        }
        if (blocked.Count > 10)
        {
            foreach (var g in blocked.GroupBy(r => r.Actual, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
                Console.WriteLine($"  blocked     {g.Count()} case(s): {g.Key}");
        }
        foreach (var f in report.Findings) Console.WriteLine($"FINDING ({RunFinding.KindName(f.Kind)}): {f.Message}");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("sockspec run: " + message);
        return ExitCodes.UsageOrSetup;
    }
}
