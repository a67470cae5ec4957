namespace Sockspec.Fuzz;

/// <summary>
/// One fuzz target: a parser (or a state machine) fed the fuzzer's bytes. <see cref="Run"/> returns normally for
/// every input the code under test handles as documented and throws (usually <see cref="FuzzFindingException"/>)
/// otherwise; SharpFuzz reports any escaping exception to libFuzzer as a crash.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line and for fuzz/Dictionaries, fuzz/Corpora and fuzz/Regressions.</summary>
    string Name { get; }

    /// <summary>The libFuzzer dictionary's file name under fuzz/Dictionaries.</summary>
    string Dictionary => Name + ".dict";

    /// <summary>Must run where only loopback is up (fuzz/run.sh uses unshare --net); smoke.sh skips it elsewhere.</summary>
    bool NeedsIsolatedNetwork => false;

    /// <summary>libFuzzer's -max_len: a little past the longest input that can still change the outcome.</summary>
    int MaxInputLength { get; }

    /// <summary>Valid and near-valid inputs written with the codec's writers: the seed corpus.</summary>
    IEnumerable<byte[]> Seeds();

    void Run(ReadOnlySpan<byte> data);
}
