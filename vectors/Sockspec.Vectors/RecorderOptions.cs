using System.Net;

namespace Sockspec.Vectors;

/// <summary>What <see cref="VectorRecorder"/> listens on, relays to, records and how much.</summary>
public sealed class RecorderOptions
{
    public required IPEndPoint Listen { get; init; }

    public required IPEndPoint Upstream { get; init; }

    /// <summary>Root directory; each connection becomes OutDir/Label[-n].vector.</summary>
    public required string OutDir { get; init; }

    /// <summary>Vector ID of the first connection; later ones get "-2", "-3", ...</summary>
    public required string Label { get; init; }

    /// <summary>Extra provenance header fields (implementation, version, client, command, ...), in order.</summary>
    public List<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Bytes recorded per direction; the relay goes on past it, unrecorded.</summary>
    public int MaxBytesPerDirection { get; init; } = 4096;

    /// <summary>A connection's vector is written when both sides have closed or this long after accept, whichever is first.</summary>
    public TimeSpan RecordWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A relay with no traffic either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on the upstream connect.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections relayed at once; more are closed on accept.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>Stop after this many connections have been recorded (0: run until cancelled).</summary>
    public int StopAfter { get; init; }
}
