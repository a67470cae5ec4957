using System.Diagnostics;

namespace Sockspec.Codec.Benchmarks;

/// <summary>
/// A cross-check for a loaded machine: BenchmarkDotNet measures wall time, which on a shared 2-core box includes time
/// the benchmark spent waiting for a core. This measures the process's CPU time per read over many reads instead.
/// Run with `-- cputime`; a cross-check only, the BenchmarkDotNet numbers are the reference.
/// </summary>
public static class CpuTimeCheck
{
    private const int Reads = 20_000_000;

    public static void Run()
    {
        var b = new ReadBenchmarks();
        Measure("ReadSocks5RequestIPv4", b.ReadSocks5RequestIPv4);
        Measure("ReadSocks5RequestDomain", b.ReadSocks5RequestDomain);
        Measure("ReadSocks5RequestIPv6", b.ReadSocks5RequestIPv6);
        Measure("ReadSocks5Greeting", b.ReadSocks5Greeting);
        Measure("ReadSocks4aRequest", b.ReadSocks4aRequest);
    }

    private static void Measure(string name, Func<int> read)
    {
        for (int i = 0; i < 1_000_000; i++) read();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var wall = Stopwatch.StartNew();
        int sink = 0;
        for (int i = 0; i < Reads; i++) sink += read();
        wall.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        process.Refresh();
        double cpuNs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds * 1e6 / Reads;
        double wallNs = wall.Elapsed.TotalMilliseconds * 1e6 / Reads;
        Console.WriteLine($"{name,-26} cpu {cpuNs,6:F1} ns/read   wall {wallNs,6:F1} ns/read   allocated {allocated} B   (sink {sink & 1})");
    }
}
