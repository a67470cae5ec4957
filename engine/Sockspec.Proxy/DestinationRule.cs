using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>An address range plus an inclusive port range: the unit of a <see cref="DestinationPolicy"/>.</summary>
public readonly record struct DestinationRule(IPNetwork Network, int FirstPort = 0, int LastPort = 65535)
{
    public bool Matches(IPAddress address, int port) =>
        port >= FirstPort && port <= LastPort && Network.Contains(Normalize(address));

    /// <summary>A v4-mapped IPv6 address is judged as the IPv4 address it carries, so ::ffff:10.0.0.1 cannot dodge a 10/8 rule.</summary>
    internal static IPAddress Normalize(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    /// <summary>
    /// Parses <c>CIDR[:PORTS]</c>: <c>10.0.0.0/8</c>, <c>127.0.0.1</c>, <c>10.0.0.0/8:80</c>, <c>0.0.0.0/0:1-1023</c>,
    /// <c>::1/128:443</c>, <c>[::1]:443</c>. PORTS is one port or FIRST-LAST. A bare address is a single host.
    /// </summary>
    public static DestinationRule Parse(string text) =>
        TryParse(text, out var rule, out string? error) ? rule : throw new FormatException(error);

    public static bool TryParse(string text, out DestinationRule rule, out string? error)
    {
        rule = default;
        error = null;
        string addr = text.Trim(), ports = "";
        if (addr.StartsWith('['))
        {
            int close = addr.IndexOf(']');
            if (close < 0) { error = $"'{text}': missing ']'"; return false; }
            string rest = addr[(close + 1)..];
            if (rest.StartsWith('/'))
            {
                int c = rest.IndexOf(':');
                addr = addr[1..close] + (c < 0 ? rest : rest[..c]);
                ports = c < 0 ? "" : rest[(c + 1)..];
            }
            else
            {
                if (rest.Length > 0 && !rest.StartsWith(':')) { error = $"'{text}': junk after ']'"; return false; }
                ports = rest.Length > 0 ? rest[1..] : "";
                addr = addr[1..close];
            }
        }
        else
        {
            int slash = addr.IndexOf('/');
            int colon = slash >= 0 ? addr.IndexOf(':', slash) : (addr.Count(ch => ch == ':') == 1 ? addr.IndexOf(':') : -1);
            if (colon >= 0) { ports = addr[(colon + 1)..]; addr = addr[..colon]; }
        }
        IPNetwork network;
        if (addr.Contains('/'))
        {
            if (!IPNetwork.TryParse(addr, out network) || !IPAddress.TryParse(addr[..addr.IndexOf('/')], out var given) ||
                !given.Equals(network.BaseAddress))
            {
                error = $"'{text}': not a CIDR range (host bits must be zero)";
                return false;
            }
        }
        else if (IPAddress.TryParse(addr, out var ip))
        {
            network = new IPNetwork(ip, ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        }
        else { error = $"'{text}': not an address or CIDR range"; return false; }
        int first = 0, last = 65535;
        if (ports.Length > 0)
        {
            int dash = ports.IndexOf('-');
            string a = dash < 0 ? ports : ports[..dash], b = dash < 0 ? ports : ports[(dash + 1)..];
            if (!int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out first) ||
                !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out last) ||
                first > last || last > 65535)
            {
                error = $"'{text}': ports must be N or N-M within 0-65535";
                return false;
            }
        }
        rule = new DestinationRule(network, first, last);
        return true;
    }

    public override string ToString() =>
        FirstPort == 0 && LastPort == 65535 ? Network.ToString() :
        FirstPort == LastPort ? $"{Network}:{FirstPort}" : $"{Network}:{FirstPort}-{LastPort}";
}
