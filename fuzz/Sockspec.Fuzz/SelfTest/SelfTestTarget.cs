namespace Sockspec.Fuzz.SelfTest;

/// <summary>
/// Fails on purpose so that the driver's crash paths can be tested end to end: an input starting "THROW" throws a
/// managed exception, "FAILFAST" calls Environment.FailFast, "RECURSE" overflows the stack, "HANG" loops for 60 s.
/// Listed only when SOCKSPEC_FUZZ_SELFTEST=1, so that no campaign or smoke run ever picks it up.
/// </summary>
public sealed class SelfTestTarget : IFuzzTarget
{
    public const string EnvironmentVariable = "SOCKSPEC_FUZZ_SELFTEST";

    public string Name => "selftest";

    public int MaxInputLength => 64;

    public IEnumerable<byte[]> Seeds() => [];

    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("THROW"u8)) throw new InvalidOperationException("selftest: managed exception");
        if (data.StartsWith("FAILFAST"u8)) Environment.FailFast("selftest: FailFast");
        if (data.StartsWith("RECURSE"u8)) Recurse(data.Length);
        if (data.StartsWith("HANG"u8)) Thread.Sleep(TimeSpan.FromSeconds(60));
    }

    // Depth-dependent result so that the JIT cannot turn the recursion into a loop.
    private static int Recurse(int n) => n == int.MinValue ? 0 : Recurse(n + 1) + 1;
}
