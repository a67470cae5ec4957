using System.Runtime.InteropServices;

namespace Sockspec.Fuzz;

/// <summary>
/// Instrumented assemblies write every branch to SharpFuzz.Common.Trace.SharedMem, which is null until
/// Fuzzer.LibFuzzer.Run points it at the driver's map. Everything else this program does with instrumented code
/// (replay, max-len, seeds) needs a map too, or the first instrumented branch is an access violation.
/// </summary>
public static class TraceMap
{
    public const int Size = 1 << 16;

    public static unsafe void EnsureInitialized()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
            SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(Size);
    }
}
