namespace Sockspec.Model;

public enum TraceDirection
{
    /// <summary>From the suite (acting as client) to the target.</summary>
    ToTarget,

    /// <summary>From the target to the suite.</summary>
    FromTarget,

    /// <summary>An event on a fixture's side (e.g. the echo server or the BIND peer) or a note of the suite's.</summary>
    Local,
}

public enum TraceEventKind
{
    Connect,
    Data,
    Fin,
    Reset,
    Timeout,
    Note,
}

/// <summary>
/// Who is at the far end of a traced connection or socket, seen from the suite: what a renderer needs to dissect the
/// bytes (which side speaks SOCKS as the client), declared by whoever opens the connection, never guessed from its name.
/// </summary>
public enum TracePeer
{
    /// <summary>Not declared: the bytes are shown raw.</summary>
    Unknown,

    /// <summary>The suite's own notes.</summary>
    Suite,

    /// <summary>The proxy under test, over TCP: the suite speaks SOCKS as the client.</summary>
    Proxy,

    /// <summary>The UDP relay of the proxy under test: RFC 1928 §7 datagrams, the suite as the client.</summary>
    ProxyUdpRelay,

    /// <summary>The client under test, over TCP: the suite speaks SOCKS as the server.</summary>
    Client,

    /// <summary>The client under test's UDP datagrams to the suite's relay: the suite as the server.</summary>
    ClientUdp,

    /// <summary>A destination the proxy connected to (an echo or HTTP fixture): payload, not SOCKS.</summary>
    Destination,

    /// <summary>The suite's peer connecting to a BIND address: payload, not SOCKS.</summary>
    BindPeer,

    /// <summary>A UDP peer behind the relay: payload, not SOCKS.</summary>
    UdpPeer,
}

/// <summary>
/// One timestamped event of a case's wire trace. <see cref="Connection"/> names the connection ("tcp#1", "udp#1",
/// "bind-peer") so that a case with several sockets keeps them apart; <see cref="Peer"/> says who is at its far end.
/// </summary>
public sealed record TraceEvent(
    TimeSpan At, string Connection, TraceDirection Direction, TraceEventKind Kind, byte[] Data, string? Note = null)
{
    public TracePeer Peer { get; init; } = TracePeer.Unknown;
}
