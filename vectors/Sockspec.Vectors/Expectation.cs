using Sockspec.Codec;

namespace Sockspec.Vectors;

/// <summary>What an invalid vector must make the codec say: exactly one violation, or one framing error.</summary>
public readonly record struct Expectation(SocksViolation? Violation, FramingError Framing)
{
    public static Expectation Of(SocksViolation v) => new(v, FramingError.None);

    public static Expectation Of(FramingError e) => new(null, e);

    public override string ToString() => Violation is { } v ? $"violation {v}" : $"framing {Framing}";

    public static bool TryParse(string? s, out Expectation e)
    {
        e = default;
        var parts = s?.Split(' ') ?? [];
        if (parts.Length != 2) return false;
        if (parts[0] == "violation" && Enum.TryParse<SocksViolation>(parts[1], out var v) && Enum.IsDefined(v)) e = Of(v);
        else if (parts[0] == "framing" && Enum.TryParse<FramingError>(parts[1], out var f) && f != FramingError.None && Enum.IsDefined(f)) e = Of(f);
        else return false;
        return true;
    }

    /// <summary>What a decoded dialog actually raised, in the same terms: every violation, and the framing error if any.</summary>
    public static (List<SocksViolation> Violations, List<FramingError> Framing) Raised(IEnumerable<DialogEntry> entries)
    {
        var vs = new List<SocksViolation>();
        var fs = new List<FramingError>();
        foreach (var e in entries)
        {
            foreach (var v in e.Violations) vs.Add(v);
            if (e.Kind == EntryKind.FramingError) fs.Add(e.Error);
        }
        return (vs, fs);
    }
}
