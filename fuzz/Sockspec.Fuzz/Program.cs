using SharpFuzz;
using Sockspec.Fuzz;

// Sockspec.Fuzz TARGET                      run TARGET under fuzz/driver (SharpFuzz's libFuzzer protocol)
// Sockspec.Fuzz --list                      target names, one a line
// Sockspec.Fuzz --list-isolated             the targets that need a loopback-only network namespace
// Sockspec.Fuzz max-len TARGET              libFuzzer -max_len for TARGET
// Sockspec.Fuzz replay TARGET PATH...       run files (or every file in folders) without libFuzzer
// Sockspec.Fuzz bench TARGET DIR SECONDS    in-process runs/s over DIR's inputs (the ceiling for libFuzzer's exec/s)
// Sockspec.Fuzz vector-seeds VECTORS DIR     cut the golden vectors into messages and write them to DIR/TARGET/
// Sockspec.Fuzz seeds DIR                   write every target's seed corpus to DIR/TARGET/
TraceMap.EnsureInitialized();

return args switch
{
    ["--list"] => List(t => true),
    ["--list-isolated"] => List(t => t.NeedsIsolatedNetwork),
    ["max-len", var name] => WithTarget(name, t => { Console.WriteLine(t.MaxInputLength); return 0; }),
    ["replay", var name, .. var paths] when paths.Length > 0 => WithTarget(name, t => Replay.Run(t, paths, Console.Out)),
    ["bench", var name, var dir, var seconds] => WithTarget(name, t => InProcessBench.Run(t, dir, double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), Console.Out)),
    ["seeds", var dir] => SeedCorpus.Write(dir, Console.Out),
    ["vector-seeds", var vectors, var dir] => VectorSeeds.Write(vectors, dir, Console.Out),
    [var name] when !name.StartsWith('-') => WithTarget(name, Fuzz),
    _ => Usage(),
};

static int List(Func<IFuzzTarget, bool> which)
{
    foreach (var t in TargetRegistry.All.Where(which)) Console.WriteLine(t.Name);
    return 0;
}

static int WithTarget(string name, Func<IFuzzTarget, int> action)
{
    if (TargetRegistry.Find(name) is { } target) return action(target);
    Console.Error.WriteLine($"unknown target '{name}'; known: {string.Join(", ", TargetRegistry.All.Select(t => t.Name))}");
    return 2;
}

static int Fuzz(IFuzzTarget target)
{
    // Without the driver SharpFuzz would take argv[1] (the target name) as an input file.
    if (Environment.GetEnvironmentVariable("__LIBFUZZER_SHM_ID") is null)
    {
        Console.Error.WriteLine("not started by fuzz/driver: use fuzz/run.sh, or 'replay TARGET FILE' to run one input");
        return 2;
    }
    Fuzzer.LibFuzzer.Run(target.Run);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Sockspec.Fuzz TARGET | --list | --list-isolated | max-len TARGET | replay TARGET PATH... | bench TARGET DIR SECONDS | seeds DIR | vector-seeds VECTORS DIR");
    return 2;
}
