namespace Sockspec.NetFuzz;

/// <summary>
/// One fuzz input: the bytes a client sends, where the stream is cut into separate writes, and the pause before each
/// write after the first. <see cref="Cuts"/> are ascending offsets strictly inside the bytes.
/// </summary>
public sealed record FuzzCase(byte[] Bytes, int[] Cuts, int DelayMs, string Label)
{
    public IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        int start = 0;
        foreach (var cut in Cuts)
        {
            yield return Bytes.AsMemory(start, cut - start);
            start = cut;
        }
        yield return Bytes.AsMemory(start);
    }

    public string Hex => Convert.ToHexString(Bytes).ToLowerInvariant();

    public override string ToString() =>
        $"{Label}: {Bytes.Length} bytes in {Cuts.Length + 1} segment(s){(DelayMs > 0 ? $", {DelayMs} ms apart" : "")}";
}
