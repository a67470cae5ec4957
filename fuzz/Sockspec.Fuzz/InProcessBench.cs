using System.Diagnostics;

namespace Sockspec.Fuzz;

/// <summary>
/// Runs a folder of inputs through a target in a loop, in this process: the ceiling for libFuzzer's exec/s, which
/// adds the driver's pipe round trip on top. Tells "the target is slow" apart from "the IPC is slow".
/// </summary>
public static class InProcessBench
{
    public static int Run(IFuzzTarget target, string dir, double seconds, TextWriter output)
    {
        var inputs = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToArray();
        if (inputs.Length == 0)
        {
            output.WriteLine($"{dir}: no inputs");
            return 2;
        }
        long runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var input in inputs) target.Run(input);
            runs += inputs.Length;
        }
        output.WriteLine($"{target.Name}: {runs} runs in {clock.Elapsed.TotalSeconds:F1} s, {runs / clock.Elapsed.TotalSeconds:F0} runs/s, {inputs.Length} inputs, mean {inputs.Average(i => i.Length):F0} bytes");
        return 0;
    }
}
