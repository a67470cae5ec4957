using System.Net;
using System.Net.Sockets;

namespace Sockspec.Runner.Fixtures;

/// <summary>
/// The loopback services cases point the target at, started once per run and shared by every case: each case uses
/// fresh connections and unique payloads, so sharing cannot mix their results.
/// </summary>
public sealed class FixtureSet : IAsyncDisposable
{
    /// <summary>A name every machine resolves locally.</summary>
    public const string ResolvableName = "localhost";

    /// <summary>RFC 6761 reserves .invalid: this name never resolves.</summary>
    public const string UnresolvableName = "sockspec-never-resolves.invalid";

    private readonly Socket _closed;

    private FixtureSet(TcpFixture echo, TcpFixture speaksFirst, TcpFixture sink, UdpEcho udpEcho, Socket closed)
    {
        _closed = closed;
        Echo = echo;
        SpeaksFirst = speaksFirst;
        Sink = sink;
        UdpEcho = udpEcho;
        ClosedPort = (IPEndPoint)closed.LocalEndPoint!;
    }

    public TcpFixture Echo { get; }

    public TcpFixture SpeaksFirst { get; }

    public TcpFixture Sink { get; }

    public UdpEcho UdpEcho { get; }

    /// <summary>A loopback port nothing listens on (held bound, never listening), so a connect to it is refused.</summary>
    public IPEndPoint ClosedPort { get; }

    public byte[] Banner => FixtureServers.Banner;

    public static FixtureSet Start()
    {
        // Bound but never listening: a SYN to it is refused, and no other socket can take the port while we hold it
        // (a port merely released can be reused at once by another fixture or test and turn "refused" into "relayed").
        var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new FixtureSet(
            TcpFixture.Start(FixtureServers.Echo),
            TcpFixture.Start(FixtureServers.SpeaksFirst),
            TcpFixture.Start(FixtureServers.Sink),
            new UdpEcho(),
            closed);
    }

    public async ValueTask DisposeAsync()
    {
        await Echo.DisposeAsync();
        await SpeaksFirst.DisposeAsync();
        await Sink.DisposeAsync();
        await UdpEcho.DisposeAsync();
        _closed.Dispose();
    }
}
