using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>A request the server refuses or cannot carry out: the REP code to send (SOCKS4 sends CD 91) and why.</summary>
internal sealed class RequestFailure(Socks5Rep rep, string reason) : Exception(reason)
{
    public Socks5Rep Rep { get; } = rep;
}
