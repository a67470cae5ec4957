using System.Text;

namespace Sockspec.Codec;

/// <summary>Renders bytes from a peer as safe text: printable ASCII as is, anything else as \xNN.</summary>
public static class Printable
{
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\') sb.Append((char)b);
            else sb.Append("\\x").Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
