using System.Text.Json;

namespace Sockspec.NetFuzz;

/// <summary>A saved finding: what it was, the (minimised) bytes as hex, the segmenting, and how to replay it.</summary>
public sealed record Reproducer(
    string Kind,
    string Detail,
    string Hex,
    int[] Cuts,
    int DelayMs,
    int Seed,
    string Case,
    string Original,
    int[] OriginalCuts,
    string Replay)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // The replay line is meant to be copied into a shell: keep its quotes readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public FuzzCase ToCase() => new(Convert.FromHexString(Hex), Cuts, DelayMs, Case);

    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a reproducer; throws FormatException with a clear message when the file is not one.</summary>
    public static Reproducer Read(string path)
    {
        try
        {
            var r = JsonSerializer.Deserialize<Reproducer>(File.ReadAllText(path), Json) ?? throw new FormatException("empty file");
            var c = r.ToCase();
            if (c.Cuts.Any(x => x <= 0 || x >= c.Bytes.Length) || !c.Cuts.SequenceEqual(c.Cuts.Order()) || r.DelayMs is < 0 or > 10_000)
                throw new FormatException("cuts must ascend strictly inside the bytes, delayMs in 0-10000");
            return r;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentNullException)
        {
            throw new FormatException($"{path}: not a sockspec fuzz reproducer: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}");
        }
    }
}
