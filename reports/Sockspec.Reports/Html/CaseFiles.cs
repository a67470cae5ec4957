using System.Text;

namespace Sockspec.Reports.Html;

/// <summary>
/// Case IDs as file names: letters, digits and '-' stay, '/' becomes '_', and every other UTF-8 byte (the '_' and '.'
/// of an ID included) becomes "~XX". The mapping is one-to-one, so two cases never share a page, and the result never
/// holds a path separator or starts with a dot.
/// </summary>
public static class CaseFiles
{
    public const string Folder = "cases";

    public static string FileName(string caseId)
    {
        var sb = new StringBuilder(caseId.Length + 5);
        foreach (byte b in Encoding.UTF8.GetBytes(SafeText.ForJson(caseId)))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-')
                sb.Append((char)b);
            else if (b == (byte)'/')
                sb.Append('_');
            else
                sb.Append('~').Append(b.ToString("X2"));
        }
        if (sb.Length == 0) sb.Append("~");
        return sb.Append(".html").ToString();
    }

    /// <summary>The link from index.html to a case page.</summary>
    public static string FromIndex(string caseId) => $"{Folder}/{FileName(caseId)}";
}
