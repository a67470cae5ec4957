using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>
/// A profile fixes features instead of probing them: lines <c>feature = yes|no</c> (names as in
/// <see cref="FeatureNames"/>: socks5, noauth, userpass, socks4, socks4a, bind, udp, socks4-bind), <c>#</c> comments.
/// </summary>
public static class FeatureProfile
{
    public static Dictionary<Features, bool> Read(string path)
    {
        var result = new Dictionary<Features, bool>();
        int n = 0;
        foreach (var raw in File.ReadLines(path))
        {
            n++;
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var kv = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !FeatureNames.TryParse(kv[0], out var f))
                throw new FormatException($"{path}:{n}: expected 'feature = yes|no' with a known feature, got '{line}'");
            result[f] = kv[1].ToLowerInvariant() switch
            {
                "yes" or "on" or "true" => true,
                "no" or "off" or "false" => false,
                _ => throw new FormatException($"{path}:{n}: '{kv[1]}' is not yes or no"),
            };
        }
        return result;
    }
}
