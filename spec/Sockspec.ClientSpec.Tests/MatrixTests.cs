using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Model;
using Sockspec.Spec;
using Sockspec.Runner.Running;

namespace Sockspec.ClientSpec.Tests;

/// <summary>
/// The roster (engine/targets/roster.json) as the client matrix reads it: every client entry must be runnable and
/// pinned by an expected-results column, and every expected file and column must belong to a roster entry. The matrix itself runs
/// in CI through `sockspec clients --targets` (scripts/acceptance.sh).
/// </summary>
public class MatrixTests
{
    private static string Here(string relative) => Path.Combine(AppContext.BaseDirectory, relative);

    private static TargetsPlan Roster() => TargetsFile.Read(Here("engine/targets/roster.json"));

    [Fact]
    public void Every_roster_client_is_runnable_and_has_an_expected_file_that_covers_every_case()
    {
        var clients = Roster().Clients;
        Assert.NotEmpty(clients);
        foreach (var spec in clients)
        {
            var entry = ClientMatrix.FromTarget(spec, spec.Name);
            Assert.Equal(spec.Name, entry.Name);
            Assert.NotNull(spec.Expect);
            var expected = ExpectFile.Read(Here(spec.Expect!), spec.Name);
            Assert.Equal(ClientCatalog.All.Select(c => c.Id).Order(StringComparer.Ordinal), expected.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_expected_file_and_every_column_of_a_table_belongs_to_a_roster_entry()
    {
        var targets = Roster().Targets.Where(t => t.Expect is not null).ToList();
        var named = targets.Select(t => Path.GetFullPath(Here(t.Expect!))).Distinct().ToList();
        var onDisk = Directory.GetFiles(Here("reports/expected"), "*.*", SearchOption.AllDirectories).Select(Path.GetFullPath);
        Assert.Empty(onDisk.Except(named));
        foreach (var file in named.Where(ExpectTable.IsTable))
        {
            var users = targets.Where(t => Path.GetFullPath(Here(t.Expect!)) == file).Select(t => t.Name);
            Assert.Equal(users.Order(StringComparer.Ordinal), ExpectTable.Columns(file).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_builtin_client_with_other_credentials_than_its_own_is_refused()
    {
        var plan = TargetsFile.Parse("""
            { "targets": [ { "name": "h", "kind": "client", "builtin": "httpclient-socks5-userpass", "user": "u", "password": "p" } ] }
            """, "t.json");
        var e = Assert.Throws<FormatException>(() => ClientMatrix.FromTarget(plan.Clients[0], "h"));
        Assert.Contains("configured with user 'sockspec'", e.Message, StringComparison.Ordinal);
    }

    private static TargetReport Report(Verdict verdict, string actual) => new("fake client", DateTimeOffset.UnixEpoch, TimeSpan.Zero,
        [new CaseResult("c/1", [], RequirementLevel.Must, "§1", "one case", verdict, "pass", actual, TimeSpan.Zero, [], "")], []);

    [Fact]
    public async Task A_flake_writes_the_first_runs_differences_before_the_retry_matches()
    {
        var runs = new Queue<TargetReport>([Report(Verdict.Fail, "timed out after 3 s"), Report(Verdict.Pass, "connected")]);
        var log = new List<string>();
        var (_, differences) = await ExpectedComparison.CompareWithOneRetryAsync("fake", new Dictionary<string, Verdict> { ["c/1"] = Verdict.Pass },
            wholeSuite: true, () => Task.FromResult(runs.Dequeue()), log.Add);
        Assert.Empty(differences);
        Assert.Equal(
        [
            "fake: the first run differs from fake.expect in 1 case(s) (expected vs got :: what the client did):",
            "  c/1: expected pass, got fail :: timed out after 3 s",
            "fake: the second run matches fake.expect: the differences above were a flake",
        ], log);
    }

    [Fact]
    public async Task A_difference_both_runs_show_fails_with_the_second_runs_evidence()
    {
        var runs = new Queue<TargetReport>([Report(Verdict.Fail, "first"), Report(Verdict.Fail, "second")]);
        var log = new List<string>();
        var (report, differences) = await ExpectedComparison.CompareWithOneRetryAsync("fake", new Dictionary<string, Verdict> { ["c/1"] = Verdict.Pass },
            wholeSuite: true, () => Task.FromResult(runs.Dequeue()), log.Add);
        Assert.Equal(["c/1: expected pass, got fail :: second"], differences);
        Assert.Equal("second", report.Results[0].Actual);
        Assert.Contains("  c/1: expected pass, got fail :: first", log);
        Assert.Equal("fake: the second run differs too, in 1 case(s)", log[^1]);
    }
}
