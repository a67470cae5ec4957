using System.Text;

namespace Sockspec.Dissector;

/// <summary>Parses hex as people paste it: any whitespace and colons between digits are ignored.</summary>
public static class HexInput
{
    public static bool TryParse(string text, out byte[] bytes, out string? error)
    {
        var digits = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || c == ':') continue;
            if (!char.IsAsciiHexDigit(c))
            {
                bytes = [];
                error = $"not a hex digit at character {i + 1}: '{(char.IsControl(c) ? '?' : c)}'";
                return false;
            }
            digits.Append(c);
        }
        if (digits.Length % 2 != 0)
        {
            bytes = [];
            error = $"odd number of hex digits ({digits.Length}): every byte needs two";
            return false;
        }
        bytes = Convert.FromHexString(digits.ToString());
        error = null;
        return true;
    }
}
