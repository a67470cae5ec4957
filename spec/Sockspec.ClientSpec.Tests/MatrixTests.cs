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
        var report = await ClientSuiteRunner.RunAsync(ClientCatalog.All, entry.Create(), options);
        var diffs = ExpectFile.Compare(ExpectFile.Read(path), report.Results, wholeSuite: true);
        var evidence = diffs.Select(d => d + " :: " + report.Results.FirstOrDefault(r => d.StartsWith(r.CaseId + ":", StringComparison.Ordinal))?.Actual);
        Assert.True(diffs.Count == 0, string.Join("\n", evidence));
    }
}
