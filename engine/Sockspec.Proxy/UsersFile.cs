namespace Sockspec.Proxy;

/// <summary>
/// Credentials file: one <c>user:password</c> per line (the password is everything after the first colon), blank lines
/// and lines starting with # ignored. Errors name the line, never its content, since it holds a password.
/// </summary>
public static class UsersFile
{
    public static Dictionary<string, string> Load(string path) => Parse(File.ReadAllLines(path), path);

    public static Dictionary<string, string> Parse(IEnumerable<string> lines, string source = "users file")
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        int n = 0;
        foreach (var raw in lines)
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.TrimStart().StartsWith('#')) continue;
            int colon = line.IndexOf(':');
            if (colon <= 0 || colon == line.Length - 1)
                throw new FormatException($"{source} line {n}: expected user:password with both parts non-empty");
            if (!users.TryAdd(line[..colon], line[(colon + 1)..]))
                throw new FormatException($"{source} line {n}: user listed twice");
        }
        return users;
    }
}
