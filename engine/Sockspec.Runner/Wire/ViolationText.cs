using Sockspec.Codec;

namespace Sockspec.Runner.Wire;

/// <summary>Turns a violation into words with the offending value, e.g. "RSV was 0x01", as reports want to say it.</summary>
public static class ViolationText
{
    public static string Describe(object? message, ViolationSet violations) =>
        string.Join("; ", EnumerateText(message, violations));

    private static IEnumerable<string> EnumerateText(object? message, ViolationSet violations)
    {
        foreach (var v in violations) yield return Describe(message, v);
    }

    public static string Describe(object? message, SocksViolation v)
    {
        string value = (message, v) switch
        {
            (Socks5Reply r, SocksViolation.ReplyReservedNotZero) => $"RSV was 0x{r.Rsv:X2}",
            (Socks5Reply r, SocksViolation.ReplyVersionNotFive) => $"VER was 0x{r.Ver:X2}",
            (Socks5Reply r, SocksViolation.ReplyUnassignedCode) => $"REP was 0x{r.Rep:X2} (unassigned)",
            (Socks5Reply r, SocksViolation.EmptyDomainName or SocksViolation.DomainNameContainsNul) => $"BND.ADDR was {r.BndAddr}",
            (Socks5MethodSelection m, SocksViolation.MethodSelectionVersionNotFive) => $"VER was 0x{m.Ver:X2}",
            (UsernamePasswordResponse m, SocksViolation.UserPassResponseVersionNotOne) => $"VER was 0x{m.Ver:X2}",
            (Socks4Reply m, SocksViolation.Socks4ReplyVersionNotZero) => $"VN was {m.Vn}",
            (Socks4Reply m, SocksViolation.Socks4ReplyUnassignedCode) => $"CD was {m.Cd} (unassigned)",
            (Socks5UdpHeader h, SocksViolation.UdpReservedNotZero) => $"RSV was 0x{h.Rsv:X4}",
            _ => "",
        };
        string req = ViolationRequirements.RequirementOf(v);
        return value.Length == 0 ? $"{v} ({req})" : $"{v}: {value} ({req})";
    }
}
