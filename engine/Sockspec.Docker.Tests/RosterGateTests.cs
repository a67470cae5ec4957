using Xunit.Abstractions;

namespace Sockspec.Docker.Tests;

/// <summary>
/// The roster gate through the `sockspec` command, as CI runs it: `--update-expect` writes a target's column, a rerun
/// matches it, one changed cell fails the run with the difference named, `--local` runs the local form and skips what
/// has none, `--only` narrows, and the Markdown matrix is written. Local processes only, no Docker engine.
/// </summary>
[Collection("sockspec run")]
public sealed class RosterGateTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_roster_run_matches_its_table_until_a_cell_changes()
    {
        using var dir = new TempDir();
        var table = Path.Combine(dir.Path, "servers.tsv");
        var roster = Path.Combine(dir.Path, "roster.json");
        // The container form is never started here: --local replaces it, and "reference" has no local form.
        await File.WriteAllTextAsync(roster, $$"""
            { "targets": [
                { "name": "reference", "reference": true, "expect": "{{table}}" },
                { "name": "ms", "docker": { "image": "sockspec/no-such-image", "cmd": ["{port}"] },
                  "local": "engine/targets/microsocks/start.sh {port}", "expect": "{{table}}", "describe": "microsocks here" },
                { "name": "curl", "kind": "client", "exec": "curl -sS -x socks5://{proxy} {target}" } ] }
            """);
        string[] Run(params string[] extra) => ["run", "--targets", roster, "--out", Path.Combine(dir.Path, "out"), "--cases", "rfc1928/3/*", .. extra];

        var write = await SockspecProcess.RunAsync(Limit, Run("--local", "--update-expect"));
        output.WriteLine(write.Stdout);
        Assert.True(write.ExitCode == 0, $"exit {write.ExitCode}\n{write.Stdout}\n{write.Stderr}");
        Assert.Contains("reference: skipped (no \"local\" form)", write.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("1 passed, 0 failed", write.Stdout.TrimEnd(), StringComparison.Ordinal);
        var header = File.ReadLines(table).First();
        Assert.Equal("case\tms", header);

        var both = await SockspecProcess.RunAsync(Limit, Run("--only", "reference", "--update-expect"));
        Assert.True(both.ExitCode == 0, both.Stdout + both.Stderr);
        Assert.Equal("case\tms\treference", File.ReadLines(table).First());

        var again = await SockspecProcess.RunAsync(Limit, Run("--local", "--markdown", Path.Combine(dir.Path, "M.md")));
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Contains("ms: expected results: all verdicts match", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("| ms | microsocks here | local process |", await File.ReadAllTextAsync(Path.Combine(dir.Path, "M.md")), StringComparison.Ordinal);

        // One cell changed by hand: the gate must fail and say which case and target.
        var lines = File.ReadAllLines(table);
        int row = Array.FindIndex(lines, l => l.StartsWith("rfc1928/3/", StringComparison.Ordinal));
        var cells = lines[row].Split('\t');
        cells[1] = cells[1] == "fail" ? "pass" : "fail";
        lines[row] = string.Join('\t', cells);
        await File.WriteAllLinesAsync(table, lines);
        var changed = await SockspecProcess.RunAsync(Limit, Run("--local"));
        Assert.True(changed.ExitCode == 1, $"exit {changed.ExitCode}\n{changed.Stdout}\n{changed.Stderr}");
        Assert.Contains($"expect (ms): {cells[0]}: expected {cells[1]}", changed.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("0 passed, 1 failed", changed.Stdout.TrimEnd(), StringComparison.Ordinal);

        var unknown = await SockspecProcess.RunAsync(Limit, Run("--only", "curl"));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--only curl: no server target of that name", unknown.Stderr, StringComparison.Ordinal);
    }
}
