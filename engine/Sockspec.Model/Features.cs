namespace Sockspec.Model;

/// <summary>
/// Optional capabilities of a target. Detected by the probe cases at the start of a run (or fixed by a profile); a case
/// that needs an absent feature is reported as unsupported when the target refused it the way the RFC defines, blocked
/// when its probe saw a broken answer, and skipped when a profile turned the feature off.
/// </summary>
[Flags]
public enum Features
{
    None = 0,

    /// <summary>Answers a SOCKS5 greeting with a method selection.</summary>
    Socks5 = 1 << 0,

    /// <summary>Selects method 00 when the client offers only 00.</summary>
    NoAuth = 1 << 1,

    /// <summary>Selects method 02 (RFC 1929) when the client offers only 02.</summary>
    UserPass = 1 << 2,

    /// <summary>Grants a SOCKS4 CONNECT to the echo fixture.</summary>
    Socks4 = 1 << 3,

    /// <summary>Grants a SOCKS4a CONNECT by hostname.</summary>
    Socks4a = 1 << 4,

    /// <summary>Answers a SOCKS5 BIND with a success first reply.</summary>
    Bind = 1 << 5,

    /// <summary>Answers a SOCKS5 UDP ASSOCIATE with a success reply.</summary>
    Udp = 1 << 6,

    /// <summary>Answers a SOCKS4 BIND with a granted first reply.</summary>
    Socks4Bind = 1 << 7,
}

public static class FeatureNames
{
    public static readonly IReadOnlyList<(Features Feature, string Name)> All =
    [
        (Features.Socks5, "socks5"), (Features.NoAuth, "noauth"), (Features.UserPass, "userpass"),
        (Features.Socks4, "socks4"), (Features.Socks4a, "socks4a"), (Features.Bind, "bind"), (Features.Udp, "udp"),
        (Features.Socks4Bind, "socks4-bind"),
    ];

    public static string Name(Features f) => All.FirstOrDefault(x => x.Feature == f).Name ?? f.ToString();

    public static bool TryParse(string s, out Features f)
    {
        foreach (var (feature, name) in All)
        {
            if (string.Equals(name, s, StringComparison.OrdinalIgnoreCase)) { f = feature; return true; }
        }
        f = Features.None;
        return false;
    }

    /// <summary>The names of every flag set in <paramref name="set"/>, e.g. "socks4, bind".</summary>
    public static string Describe(Features set) =>
        set == Features.None ? "none" : string.Join(", ", All.Where(x => set.HasFlag(x.Feature)).Select(x => x.Name));
}
