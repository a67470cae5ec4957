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
/// One timestamped event of a case's wire trace. <see cref="Connection"/> names the connection ("tcp#1", "udp#1",
/// "bind-peer") so that a case with several sockets keeps them apart.
/// </summary>
public sealed record TraceEvent(
    TimeSpan At, string Connection, TraceDirection Direction, TraceEventKind Kind, byte[] Data, string? Note = null);
