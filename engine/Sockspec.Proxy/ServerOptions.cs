using System.Net;

namespace Sockspec.Proxy;

/// <summary>
/// Everything the reference server can be told. Defaults are safe: 127.0.0.1:1080, loopback destinations only, no
/// open relay on a public address, and every limit bounded.
/// </summary>
public sealed class ServerOptions
{
    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 1080);

    /// <summary>Endpoints to listen on; empty means <see cref="DefaultListen"/>. Port 0 picks a free port.</summary>
    public List<IPEndPoint> Listen { get; } = [];

    /// <summary>User name to password. Empty: no authentication. Otherwise RFC 1929 is required (SOCKS4: USERID must name a user).</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Which destinations CONNECT, BIND and UDP may reach; by default loopback only.</summary>
    public DestinationPolicy Policy { get; set; } = DestinationPolicy.LoopbackOnly();

    /// <summary>Required to listen on a non-loopback address without authentication.</summary>
    public bool AllowOpenRelay { get; set; }

    /// <summary>SOCKS4/4a carry no password; turn them off where every client must authenticate with one.</summary>
    public bool EnableSocks4 { get; set; } = true;

    /// <summary>Whole handshake (greeting, auth, request) must arrive within this time.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outbound connect (and name resolution) budget; its expiry is reported as REP 06 (TTL expired).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A relay (TCP or UDP) with no traffic either way for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a BIND waits for the inbound connection before its second reply reports failure.</summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Connections beyond this many are closed as soon as they are accepted.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Ports for BIND listeners and UDP relays; (0, 0) lets the OS choose.</summary>
    public int RelayPortMin { get; set; }

    public int RelayPortMax { get; set; }

    /// <summary>Longest domain name accepted (SOCKS5 ATYP 03, SOCKS4a); the wire allows 255.</summary>
    public int MaxDomainLength { get; set; } = 255;

    /// <summary>Longest SOCKS4 USERID accepted; the codec bounds it at 255.</summary>
    public int MaxUserIdLength { get; set; } = 255;

    /// <summary>Relay buffer size (pooled; held only while data is moving, never by an idle connection).</summary>
    public int RelayBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Relay TCP data with splice(2) where the OS has it (Linux): bytes move between the sockets inside the kernel.
    /// False, or another OS, copies through the pooled buffer.
    /// </summary>
    public bool UseSplice { get; set; } = true;

    /// <summary>
    /// One call per finished connection; never sees a password. A session ended by a bug in the server carries the
    /// exception in <see cref="ConnectionLogEntry.Error"/> (see also <see cref="ReferenceServer.UnexpectedError"/>).
    /// </summary>
    public Action<ConnectionLogEntry>? Log { get; set; }

    /// <summary>
    /// Tests only: called with each session's first octet before the handshake goes on, so that a test can throw from
    /// inside a session and see how the server reports an exception it does not expect.
    /// </summary>
    internal Action<byte>? FirstOctetHook { get; set; }
}
