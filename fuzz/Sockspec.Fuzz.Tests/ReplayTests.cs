namespace Sockspec.Fuzz.Tests;

/// <summary>
/// Every committed input, of every target, through every target: a regression input stays fixed, a seed stays valid
/// for its own target, and no target throws on another target's messages (they are arbitrary bytes to it).
/// </summary>
public class ReplayTests
{
    public static TheoryData<string> Targets() => [.. TargetRegistry.All.Select(t => t.Name)];

    // A target that needs an isolated network refuses to run elsewhere (fuzz/run.sh isolates it; smoke.sh covers it).
    public static TheoryData<string> RunnableTargets() =>
        [.. TargetRegistry.All.Select(t => t.Name).Where(n => !TargetRegistry.Find(n)!.NeedsIsolatedNetwork || Sockspec.Fuzz.Proxy.Isolation.IsLoopbackOnly)];

    [Theory]
    [MemberData(nameof(RunnableTargets))]
    public void Committed_inputs_pass_every_property(string name)
    {
        var target = TargetRegistry.Find(name)!;
        var files = FuzzInputs.Files("Corpora").Concat(FuzzInputs.Files("Regressions")).ToArray();
        var failures = files
            .Select(f => (File: f, Error: Replay.RunOne(target, File.ReadAllBytes(f))))
            .Where(x => x.Error is not null)
            .Select(x => $"{Path.GetRelativePath(FuzzInputs.FuzzDirectory, x.File)}: {x.Error!.Message}")
            .ToArray();
        Assert.True(failures.Length == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_target_has_seeds_and_a_commented_dictionary(string name)
    {
        var target = TargetRegistry.Find(name)!;
        Assert.NotEmpty(FuzzInputs.Files(Path.Combine("Corpora", name)));
        var lines = File.ReadAllLines(Path.Combine(FuzzInputs.FuzzDirectory, "Dictionaries", target.Dictionary));
        var entries = lines.Select((l, i) => (Line: l, Index: i)).Where(x => x.Line.Length > 0 && !x.Line.StartsWith('#')).ToArray();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.True(e.Index > 0 && lines[e.Index - 1].StartsWith('#'), $"no comment above '{e.Line}'"));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Committed_seeds_match_what_the_codec_writes(string name)
    {
        // Seeds are generated (Sockspec.Fuzz seeds fuzz/Corpora); a stale folder means the writers changed.
        var target = TargetRegistry.Find(name)!;
        var committed = FuzzInputs.Files(Path.Combine("Corpora", name))
            .Where(f => Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal))
            .Select(f => Convert.ToHexString(File.ReadAllBytes(f))).Order().ToArray();
        var generated = target.Seeds().Select(Convert.ToHexString).Distinct().Order().ToArray();
        Assert.Equal(generated, committed);
    }
}
