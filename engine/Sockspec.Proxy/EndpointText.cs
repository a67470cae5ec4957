using System.Globalization;
using System.Net;

namespace Sockspec.Proxy;

/// <summary>Parses <c>ADDR:PORT</c> as the command line gives it: <c>127.0.0.1:1080</c>, <c>[::1]:0</c>, <c>localhost:1080</c>.</summary>
public static class EndpointText
{
    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            if (!ushort.TryParse(text.AsSpan("localhost:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)) return false;
            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }
        // IPEndPoint.TryParse takes a bare address as port 0; a listen address without a port is an error here.
        int colon = text.LastIndexOf(':');
        if (colon < 0 || (text.StartsWith('[') ? text[colon - 1] != ']' : text.IndexOf(':') != colon)) return false;
        if (!IPEndPoint.TryParse(text, out var ep)) return false;
        endpoint = ep;
        return true;
    }
}
