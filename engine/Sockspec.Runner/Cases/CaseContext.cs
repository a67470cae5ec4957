using Sockspec.Targets;
using System.Net;
using Sockspec.Codec;
using Sockspec.Runner.Fixtures;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>
/// Everything a case's run function gets: the target, the run's credentials and detected features, the shared fixtures,
/// the case's own wire trace, and the deadlines. Protocol steps (greeting, auth, request, relay checks) are in the
/// other parts of this class.
/// </summary>
public sealed partial class CaseContext(
    IPEndPoint target, Credentials? credentials, Features features, FixtureSet fixtures, WireTrace trace, TimeSpan timeout)
    : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>RFC 1928 §6: a server closes no more than 10 s after detecting a failure.</summary>
    public static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(10);

    private int _tcp;
    private int _udp;

    public IPEndPoint Target { get; } = target;

    public Credentials? Credentials { get; } = credentials;

    public Features Features { get; } = features;

    public FixtureSet Fixtures { get; } = fixtures;

    public WireTrace Trace { get; } = trace;

    /// <summary>The deadline of each read that expects an answer (--timeout).</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>How long to listen before concluding that nothing comes (a dropped datagram, a relay that stopped).</summary>
    public TimeSpan Silence => TimeSpan.FromMilliseconds(Math.Min(800, Timeout.TotalMilliseconds));

    /// <summary>How long to wait for the close after a failure: the RFC's 10 s plus a little for scheduling.</summary>
    public TimeSpan CloseWait => CloseLimit + TimeSpan.FromMilliseconds(500);

    public Task<TracedConnection> ConnectAsync(CancellationToken ct, string? name = null) =>
        ConnectToAsync(Target, name ?? $"tcp#{Interlocked.Increment(ref _tcp)}", ct, TracePeer.Proxy);

    /// <summary>A connection to any endpoint, e.g. the BIND peer's connection to the address the target gave.</summary>
    public async Task<TracedConnection> ConnectToAsync(IPEndPoint endpoint, string name, CancellationToken ct, TracePeer peer = TracePeer.BindPeer)
    {
        Trace.Declare(name, peer);
        var conn = await TracedConnection.ConnectAsync(endpoint, name, Trace, Timeout, ct);
        lock (_owned) _owned.Add(conn);
        return conn;
    }

    public TracedUdp Udp(IPAddress? local = null)
    {
        var name = $"udp#{Interlocked.Increment(ref _udp)}";
        Trace.Declare(name, TracePeer.ProxyUdpRelay);
        var udp = new TracedUdp(local ?? IPAddress.Loopback, name, Trace);
        lock (_owned) _owned.Add(udp);
        return udp;
    }

    /// <summary>Closes every connection and socket the case opened.</summary>
    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] owned;
        lock (_owned) owned = [.. _owned];
        foreach (var o in owned) await o.DisposeAsync();
    }

    public void Note(string text) => Trace.Note(text);

    /// <summary>Fresh random bytes: a payload no other case sends, so that fixtures can tell whose data arrived.</summary>
    /// <summary>
    /// After a BIND's second reply: a token from the peer to the client, then one back, recorded as the facts
    /// "peer-to-client" and "client-to-peer". One exchange for SOCKS5, SOCKS4 and the IPv6 BIND cases alike.
    /// </summary>
    public static async Task RelayBothWaysAsync(TracedConnection client, TracedConnection peer, IDictionary<string, bool> facts, CancellationToken ct)
    {
        var token = Token();
        await peer.SendAsync(token, ct);
        var (got, _) = await client.ReadExactlyAsync(token.Length, null, ct);
        facts["peer-to-client"] = got.AsSpan().SequenceEqual(token);
        var back = Token();
        await client.SendAsync(back, ct);
        var (gotBack, _) = await peer.ReadExactlyAsync(back.Length, null, ct);
        facts["client-to-peer"] = gotBack.AsSpan().SequenceEqual(back);
    }

    public static byte[] Token(int length = 32)
    {
        var b = new byte[length];
        Random.Shared.NextBytes(b);
        return b;
    }

    /// <summary>An address the target gave (BND) made dialable: an unspecified address means the target's own.</summary>
    public IPEndPoint Dialable(SocksAddress addr, ushort port)
    {
        var ip = addr.ToIPAddress();
        if (ip is null || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)) ip = Target.Address;
        return new IPEndPoint(ip, port);
    }

    // ---- Addresses of the fixtures, as SOCKS fields ----

    public SocksAddress Ipv4Loopback => SocksAddress.FromIPAddress(IPAddress.Loopback);

    public ushort EchoPort => (ushort)Fixtures.Echo.Port;

    public Socks5Request Connect(SocksAddress addr, int port) => new(Socks5Command.Connect, addr, (ushort)port);

    public Socks5Request ConnectEcho() => Connect(Ipv4Loopback, EchoPort);
}
