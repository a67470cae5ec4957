using BenchmarkDotNet.Running;

// dotnet run -c Release --project engine/Sockspec.Codec.Benchmarks -- --filter '*' [--job short]
BenchmarkSwitcher.FromAssembly(typeof(Sockspec.Codec.Benchmarks.ReadBenchmarks).Assembly).Run(args);
