using System.Text;
using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>The text form: one block per message, one line per field, then violations and what is left.</summary>
public static class DissectionText
{
    public static string Render(Dissection d, ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        sb.Append($"{d.Role.ToString().ToLowerInvariant()} to {(d.Role == DissectRole.Client ? "server" : "client")}, phase {d.Phase.ToName()}: ")
            .Append($"{d.Messages.Count} message(s), {d.TotalLength} bytes\n");
        foreach (var m in d.Messages)
        {
            sb.Append($"\n{m.Name} (offset {m.Offset}, {m.Length} bytes)\n");
            foreach (var f in m.Fields)
            {
                string hex = f.Name == "PASSWD" ? new string('*', Math.Min(f.Length, 8) * 2) : Hex(bytes.Slice(f.Offset, f.Length));
                sb.Append($"  {f.Offset,5}  {f.Name,-16} {hex,-18} {f.Value}\n");
            }
            if (m.FramingError != FramingError.None) sb.Append($"  framing error: {m.FramingError}\n");
            foreach (var v in m.Violations) sb.Append($"  violation: {v.Violation} ({v.RequirementId})\n");
        }
        if (d.Rest is { } r) sb.Append($"\n{r.Kind.ToString().ToLowerInvariant()} (offset {r.Offset}, {r.Length} bytes): {r.Note}\n  {Hex(bytes.Slice(r.Offset, Math.Min(r.Length, 32)))}{(r.Length > 32 ? " ..." : "")}\n");
        sb.Append(d.IsClean ? "\nclean: every message frames and breaks no rule\n" : "\nNOT clean: see the framing errors, violations or rest above\n");
        return sb.ToString();
    }

    // Long fields (a 255-byte name) are cut so that a line stays readable; the value column has the text.
    private static string Hex(ReadOnlySpan<byte> b) => b.Length <= 8 ? Convert.ToHexString(b) : Convert.ToHexString(b[..7]) + "..";
}
