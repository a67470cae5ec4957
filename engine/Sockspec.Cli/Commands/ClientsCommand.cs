using System.CommandLine;
using Sockspec.Spec;
using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Reports;
using Sockspec.Model;
using Sockspec.Runner.Running;

namespace Sockspec.Cli.Commands;

/// <summary>
/// `sockspec clients`: sockspec as a strict scripted SOCKS server that grades a SOCKS client, one client run per case
/// (h2spec's client mode). The client is a command with {proxy}/{target} placeholders, a built-in in-process client, or
/// the client targets of a targets file (the roster), each compared with its "expect" file. Exit 0 when nothing
/// failed, 1 on a failure, an error or an expected-results mismatch, 2 for usage or setup errors.
/// </summary>
public sealed class ClientsCommand : ISockspecCommand
{
    public Command Build()
    {
        var exec = new Option<string?>("--exec") { Description = "client command run by /bin/sh per case; placeholders: " + string.Join(" ", Placeholders.Names) };
        var client = new Option<string[]>("--client") { Description = "a built-in client instead of --exec (its credentials included; repeatable): " + string.Join(", ", ClientMatrix.All.Select(e => e.Name)) };
        var targets = new Option<string?>("--targets") { Description = "run every client target of this JSON file (the roster, engine/targets/roster.json), each against its \"expect\" file" };
        var updateExpect = new Option<bool>("--update-expect") { Description = "with --targets: rewrite each client's \"expect\" file with this run's verdicts (review the diff!)" };
        var only = new Option<string[]>("--only") { Description = "with --targets: only the client of this name (repeatable)" };
        var expectDir = new Option<string?>("--expect-dir") { Description = "with several --client: compare each with DIR/NAME.expect" };
        var writeExpectDir = new Option<string?>("--write-expect-dir") { Description = "with several clients: write DIR/NAME.expect" };
        var jsonDir = new Option<string?>("--json-dir") { Description = "with several clients: write DIR/NAME.json" };
        var markdown = new Option<string?>("--markdown") { Description = "write the Markdown matrix (counts per client, every failing and non-strict case) to this file" };
        var notes = new Option<string?>("--notes") { Description = "with --markdown: the hand-checked explanation of each FAIL (the format of `sockspec run --notes`)" };
        var stdin = new Option<string?>("--stdin") { Description = "text fed to the command's stdin (placeholders and \\r \\n escapes), e.g. an HTTP request for ncat" };
        var user = new Option<string?>("--user") { Description = "the user name the client is configured with (checked on the wire; given to built-in clients)" };
        var password = new Option<string?>("--password") { Description = "the password that goes with --user" };
        var cases = new Option<string[]>("--cases") { Description = "only cases whose ID matches this glob (repeatable)" };
        var list = new Option<bool>("--list") { Description = "list the cases and exit" };
        var strict = new Option<bool>("--strict") { Description = "non-strict verdicts count as failures" };
        var timeout = new Option<double>("--timeout") { Description = "seconds per client run before it counts as hung and is killed", DefaultValueFactory = _ => 5 };
        var concurrency = new Option<int>("--concurrency") { Description = "client runs at once", DefaultValueFactory = _ => 4 };
        var outDir = new Option<string?>("--out") { Description = "write the HTML report into this directory" };
        var json = new Option<string?>("--json") { Description = "write the JSON report to this file" };
        var junit = new Option<string?>("--junit") { Description = "write JUnit XML to this file" };
        var expect = new Option<string?>("--expect") { Description = "expected-results file ('case-id verdict' lines); any difference exits 1" };
        var writeExpect = new Option<string?>("--write-expect") { Description = "write this run's verdicts as an expected-results file" };

        var command = new Command("clients", "Grade a SOCKS client against a scripted strict SOCKS server, one run per case")
        {
            exec, client, targets, only, updateExpect, stdin, user, password, cases, list, strict, timeout, concurrency, outDir, json, junit, expect, writeExpect,
            expectDir, writeExpectDir, jsonDir, markdown, notes,
        };
        command.SetAction(async (parse, ct) =>
        {
            var selected = ClientCatalog.Select(parse.GetValue(cases) ?? []);
            if (parse.GetValue(list))
            {
                foreach (var c in ClientCatalog.All)
                    Console.WriteLine($"{c.Id}\t{string.Join(",", c.Requirements)}\t{c.Level}\t{c.Title}");
                return ExitCodes.Ok;
            }
            if (selected.Count == 0) return Fail("--cases matches no case (see --list)");
            string? u = parse.GetValue(user), p = parse.GetValue(password);
            if (u is not null && p is null) return Fail("--user needs --password");
            string? command = parse.GetValue(exec), targetsFile = parse.GetValue(targets);
            var names = parse.GetValue(client) ?? [];
            if ((command is null ? 0 : 1) + (names.Length == 0 ? 0 : 1) + (targetsFile is null ? 0 : 1) != 1)
                return Fail("give exactly one of --exec COMMAND, --client NAME... and --targets FILE");
            if (targetsFile is null && ((parse.GetValue(only) ?? []).Length > 0 || parse.GetValue(updateExpect))) return Fail("--only and --update-expect go with --targets");
            bool update = parse.GetValue(updateExpect);
            if (targetsFile is not null && (u ?? parse.GetValue(expectDir)) is not null) return Fail("--targets gives each client its credentials and expected file");

            var entries = new List<MatrixEntry>();
            var expectPaths = new Dictionary<string, string>();
            var ranAs = new Dictionary<string, string>();
            if (targetsFile is not null)
            {
                try
                {
                    var plan = TargetsFile.Read(targetsFile);
                    if (RosterSelection.Pick(plan.Clients, parse.GetValue(only) ?? [], "client", out var error) is not { } picked) return Fail("--targets: " + error);
                    foreach (var spec in picked)
                    {
                        entries.Add(ClientMatrix.FromTarget(spec, PackageVersion.Describe(spec)));
                        if (spec.Expect is { } path) expectPaths[spec.Name] = path;
                        ranAs[spec.Name] = spec.RanAs;
                        if (update && spec.Expect is null) return Fail($"--update-expect: client {spec.Name} names no \"expect\" file");
                    }
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or FormatException)
                {
                    return Fail("--targets: " + x.Message);
                }
            }
            foreach (var name in names)
            {
                if (ClientMatrix.Find(name) is not { } e) return Fail($"--client '{name}': expected one of {string.Join(", ", ClientMatrix.All.Select(x => x.Name))}");
                entries.Add(e);
            }
            if (command is not null) entries.Add(new MatrixEntry(command, command, () => new ExecClient(command, parse.GetValue(stdin)), u, p));
            bool matrix = entries.Count > 1 || targetsFile is not null;
            if (matrix && (parse.GetValue(json) ?? parse.GetValue(junit) ?? parse.GetValue(expect) ?? parse.GetValue(writeExpect)) is not null)
                return Fail("with several clients use --json-dir, --expect-dir and --write-expect-dir");
            double seconds = parse.GetValue(timeout);
            if (seconds is <= 0 or > 600) return Fail("--timeout must be between 0 and 600 seconds");
            int parallel = parse.GetValue(concurrency);
            if (parallel is < 1 or > 64) return Fail("--concurrency must be between 1 and 64");

            var expected = new Dictionary<string, Dictionary<string, Verdict>>();
            foreach (var e in entries.Where(_ => !update))
            {
                var path = parse.GetValue(expect) ?? expectPaths.GetValueOrDefault(e.Name)
                    ?? (parse.GetValue(expectDir) is { } d ? Path.Combine(d, e.Name + ".expect") : null);
                if (path is null) continue;
                try
                {
                    expected[e.Name] = ExpectFile.Read(path, e.Name);
                }
                catch (Exception x) when (x is IOException or UnauthorizedAccessException or FormatException)
                {
                    return Fail("expected results: " + x.Message);
                }
            }

            IReadOnlyList<MatrixNote>? checkedNotes = null;
            try
            {
                if (parse.GetValue(notes) is { } notesPath) checkedNotes = MatrixNotes.Read(notesPath);
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException or FormatException)
            {
                return Fail("--notes: " + x.Message);
            }

            var reports = new List<(MatrixEntry Entry, TargetReport Report, bool Ok)>();
            var started = DateTimeOffset.Now;
            foreach (var e in entries)
            {
                var options = new ClientSuiteOptions
                {
                    Timeout = TimeSpan.FromSeconds(seconds),
                    Concurrency = parallel,
                    Strict = parse.GetValue(strict),
                    User = u ?? e.User,
                    Password = u is null ? e.Password : p,
                };
                Task<TargetReport> Run() => ClientSuiteRunner.RunAsync(selected, e.Create(), options,
                    r => Console.Error.WriteLine($"{r.Verdict.ToWire(),-13} {r.CaseId}"), ct);
                TargetReport report;
                bool ok;
                if (expected.TryGetValue(e.Name, out var want))
                {
                    (report, var diffs) = await ExpectedComparison.CompareWithOneRetryAsync(
                        e.Name, want, wholeSuite: selected.Count == ClientCatalog.All.Count, Run, Console.Error.WriteLine);
                    foreach (var d in diffs) Console.Error.WriteLine($"expect ({e.Name}): {d}");
                    ok = diffs.Count == 0;
                }
                else
                {
                    report = await Run();
                    ok = update || !report.Results.Any(r => r.Verdict.IsFailure());
                }
                if (matrix) report = report with { Target = e.Name + ": " + e.Description };
                reports.Add((e, report, ok));
                PrintSummary(report);
            }

            try
            {
                if (parse.GetValue(outDir) is { } dir) HtmlReport.Write(reports.Select(r => r.Report).ToList(), dir);
                if (parse.GetValue(markdown) is { } md)
                {
                    var columns = reports.Select(r => new MatrixColumn(r.Entry.Name, r.Entry.Description, ranAs.GetValueOrDefault(r.Entry.Name, "client"), r.Report)).ToList();
                    File.WriteAllText(md, MarkdownMatrix.Render(columns, new MarkdownMatrixText("Conformance matrix of real SOCKS clients",
                        $"Generated by `sockspec clients {(targetsFile is null ? "--client ..." : "--targets " + targetsFile)}` "
                        + $"({(DateTimeOffset.Now - started).TotalSeconds:0} s wall time; `scripts/matrix.sh` runs it) against sockspec's scripted "
                        + "strict server, one client run per case. The HTML matrix of the same run, with every case's wire trace, is written to "
                        + "its `--out` folder (out/clients). "
                        + (checkedNotes is null ? "Every failing case is listed with what the client did."
                            : $"Every FAIL was checked by hand against the bytes on the wire ({parse.GetValue(notes)}); *UNCHECKED*: nobody has read its trace yet."),
                        checkedNotes)));
                }
                foreach (var (e, report, _) in reports)
                {
                    if ((parse.GetValue(json) ?? Under(parse.GetValue(jsonDir), e.Name + ".json")) is { } jsonPath) JsonReport.Write(report, jsonPath);
                    if (parse.GetValue(junit) is { } junitPath) JUnitReport.Write(report, junitPath);
                    if ((parse.GetValue(writeExpect) ?? Under(parse.GetValue(writeExpectDir), e.Name + ".expect") ?? (update ? expectPaths[e.Name] : null)) is { } writePath)
                        ExpectFile.Write(writePath, e.Name, report.Results, wholeSuite: selected.Count == ClientCatalog.All.Count);
                }
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException)
            {
                return Fail("could not write a report: " + x.Message);
            }
            int passedCount = reports.Count(r => r.Ok);
            if (matrix) Console.WriteLine($"{passedCount} passed, {reports.Count - passedCount} failed");
            return passedCount == reports.Count ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static void PrintSummary(TargetReport report)
    {
        var counts = report.Results.GroupBy(r => r.Verdict).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToWire()}");
        Console.WriteLine($"{report.Target}: {report.Results.Count} cases in {report.Duration.TotalSeconds:0.0} s: {string.Join(", ", counts)}");
        foreach (var r in report.Results.Where(r => r.Verdict is Verdict.Fail or Verdict.Error or Verdict.NonStrict).OrderBy(r => r.CaseId, StringComparer.Ordinal))
            Console.WriteLine($"  {r.Verdict.ToWire(),-11} {r.CaseId} [{string.Join(",", r.Requirements)}]: {r.Actual}");
    }

    private static string? Under(string? dir, string file) => dir is null ? null : Path.Combine(dir, file);

    private static int Fail(string message)
    {
        Console.Error.WriteLine("sockspec clients: " + message);
        return ExitCodes.UsageOrSetup;
    }
}
