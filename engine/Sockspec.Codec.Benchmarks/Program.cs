using BenchmarkDotNet.Running;
using Sockspec.Codec.Benchmarks;

// dotnet run -c Release --project engine/Sockspec.Codec.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project engine/Sockspec.Codec.Benchmarks -- cputime   (CPU-time cross-check, see CpuTimeCheck)
if (args is ["cputime"]) CpuTimeCheck.Run();
else BenchmarkSwitcher.FromAssembly(typeof(ReadBenchmarks).Assembly).Run(args);
