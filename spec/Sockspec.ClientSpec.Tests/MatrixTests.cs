using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Runner.Running;

namespace Sockspec.ClientSpec.Tests;

/// <summary>
/// The published client matrix: each client's verdicts must equal its expected-results file
/// (spec/Sockspec.ClientSpec/expected/NAME.expect), so that CI notices when a client, or the suite, changes.
/// </summary>
public class MatrixTests
{
    public static TheoryData<string> Entries => [.. ClientMatrix.Published.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Each_published_client_matches_its_expected_results(string name)
    {
        var entry = ClientMatrix.Find(name)!;
        var path = Path.Combine(AppContext.BaseDirectory, "expected", name + ".expect");
        Assert.True(File.Exists(path), $"missing {path}: run spec/Sockspec.ClientSpec/run-matrix.sh --write and review the result");
        var options = new ClientSuiteOptions { Timeout = TimeSpan.FromSeconds(3), Concurrency = 4, User = entry.User, Password = entry.Password };
        var expected = ExpectFile.Read(path);
        // A third-party client's own timers (proxychains4's read time-out against the case deadline, say) can land on
        // either side of a deadline on a loaded machine: a difference counts only when a second run shows it too.
        var report = await ClientSuiteRunner.RunAsync(ClientCatalog.All, entry.Create(), options);
        var diffs = ExpectFile.Compare(expected, report.Results, wholeSuite: true);
        if (diffs.Count > 0)
        {
            report = await ClientSuiteRunner.RunAsync(ClientCatalog.All, entry.Create(), options);
            diffs = ExpectFile.Compare(expected, report.Results, wholeSuite: true);
        }
        var evidence = diffs.Select(d => d + " :: " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual);
        Assert.True(diffs.Count == 0, string.Join("\n", evidence));
    }
}
