using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sockspec.NetFuzz;

/// <summary>
/// Rejects a mutated input that could make a proxy connect anywhere but loopback. A proxy may parse a mangled stream
/// at an unexpected offset, so every offset that starts with a SOCKS version byte is read as a request; any complete
/// destination there must be loopback, a name under .invalid, or "localhost".
/// </summary>
public static class SafeDestinations
{
    public static bool IsSafe(ReadOnlySpan<byte> b)
    {
        for (int o = 0; o < b.Length; o++)
        {
            if (b[o] == 5 && !Socks5At(b[o..])) return false;
            if (b[o] == 4 && !Socks4At(b[o..])) return false;
        }
        return true;
    }

    // VER CMD RSV ATYP ADDR PORT: an incomplete address or port cannot be connected to, so it is safe.
    private static bool Socks5At(ReadOnlySpan<byte> r)
    {
        if (r.Length < 4) return true;
        var rest = r[4..];
        switch (r[3])
        {
            case 1:
                return rest.Length < 6 || rest[0] == 127;
            case 4:
                return rest.Length < 18 || new IPAddress(rest[..16]).Equals(IPAddress.IPv6Loopback) || IsMappedLoopback(rest[..16]);
            case 3:
                if (rest.Length < 1) return true;
                int len = rest[0];
                return rest.Length < 1 + len + 2 || IsSafeName(rest.Slice(1, len));
            default:
                return true;
        }
    }

    // VN CD PORT IP USERID NUL [HOST NUL]
    private static bool Socks4At(ReadOnlySpan<byte> r)
    {
        if (r.Length < 8) return true;
        uint ip = BinaryPrimitives.ReadUInt32BigEndian(r[4..8]);
        if (ip >> 24 == 127) return true;
        if (ip is 0 or >= 256) return false;
        // SOCKS4a: the name follows the user id's NUL.
        var afterIp = r[8..];
        int userEnd = afterIp.IndexOf((byte)0);
        if (userEnd < 0) return true;
        var host = afterIp[(userEnd + 1)..];
        int hostEnd = host.IndexOf((byte)0);
        return hostEnd < 0 || IsSafeName(host[..hostEnd]);
    }

    private static bool IsMappedLoopback(ReadOnlySpan<byte> a) =>
        a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xff && a[11] == 0xff && a[12] == 127;

    public static bool IsSafeName(ReadOnlySpan<byte> name)
    {
        var s = Encoding.Latin1.GetString(name).TrimEnd('.').ToLowerInvariant();
        if (s == "localhost" || s.EndsWith(".invalid", StringComparison.Ordinal) || s == "invalid") return true;
        // A literal address is resolved without DNS; allow only loopback ones.
        return IPAddress.TryParse(s, out var ip) && IPAddress.IsLoopback(ip) && !s.Contains('%', StringComparison.Ordinal);
    }
}
