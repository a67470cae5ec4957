using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// The reference server's handshake state machine, fed arbitrary client bytes in arbitrary segments over loopback.
/// Input: byte 0 picks the server (bit 0: RFC 1929 required), byte 1 seeds the segmenting, the rest is the stream;
/// after it the client half-closes. The server must close within <see cref="LoopbackPeer.CloseDeadline"/>, leave no
/// connection open, end no session with an exception it does not expect (<see cref="ReferenceServer.UnexpectedError"/>),
/// throw no bug-class exception even if caught (<see cref="BugClassExceptions"/>), and everything it sent must be
/// clean reference-server messages in protocol order (a method that was offered, no bytes after a refusal).
/// </summary>
/// <remarks>
/// The server has no entry point that takes a stream, so this goes through a socket. Destinations are all denied,
/// and fuzz/run.sh runs this target in a network namespace with only loopback, because a one-letter domain name in a
/// request is handed to the system resolver.
/// </remarks>
public sealed class ServerHandshakeTarget : IFuzzTarget
{
    public const string User = "user";
    public const string Password = "pass";

    private static readonly Lazy<(ReferenceServer Open, ReferenceServer Auth)> Servers = new(Start);

    private static readonly UnexpectedServerErrors Unexpected = new();

    public string Name => "server-handshake";

    public int MaxInputLength => 1024;

    public bool NeedsIsolatedNetwork => true;

    public IEnumerable<byte[]> Seeds()
    {
        var greetNone = Seed.Of(new Socks5Greeting(0x00));
        var greetBoth = Seed.Of(new Socks5Greeting(0x00, 0x02));
        var login = Seed.Of(new UsernamePasswordRequest(User, Password));
        var connect = Seed.Of(new Socks5Request(Socks5Command.Connect, SocksAddress.Parse("127.0.0.1"), 9));
        var udp = Seed.Of(new Socks5Request(Socks5Command.UdpAssociate, SocksAddress.IPv4Any, 0));
        var byName = Seed.Of(new Socks5Request(Socks5Command.Connect, SocksAddress.FromDomain("x.invalid"), 80));
        var s4 = Seed.Of(new Socks4Request(Socks4Command.Connect, 0x7F000001, 9, "user"));
        var s4a = Seed.Of(new Socks4Request(Socks4Command.Connect, 1, 9, "user", "x.invalid"));
        return
        [
            Seed.Concat([0, 0], greetNone, connect),
            Seed.Concat([0, 7], greetNone, udp),
            Seed.Concat([0, 3], greetNone, byName),
            Seed.Concat([1, 0], greetBoth, login, connect),
            Seed.Concat([1, 5], greetBoth, Seed.Of(new UsernamePasswordRequest(User, "wrong")), connect),
            Seed.Concat([0, 0], s4),
            Seed.Concat([0, 9], s4a),
        ];
    }

    public void Run(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2) return;
        Isolation.Require(Name);
        BugClassExceptions.Install();
        var (open, auth) = Servers.Value;
        BugClassExceptions.Clear();
        Unexpected.Clear();
        var server = (data[0] & 1) == 0 ? open : auth;
        var stream = data[2..].ToArray();

        byte[]? response;
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            s.Connect(server.Endpoints[0]);
            try
            {
                LoopbackPeer.SendSegments(s, stream, data[1]);
                s.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
            {
                // The server may close before it has read everything: allowed, what it sent is still checked.
            }
            response = LoopbackPeer.ReadUntilClosed(s);
        }
        FuzzFindingException.Check(response is not null,
            $"server did not close within {LoopbackPeer.CloseDeadline.TotalSeconds} s of the client's FIN; client sent {Convert.ToHexString(stream)}");
        FuzzFindingException.Check(WaitForNoConnections(server),
            $"server still counts {server.ActiveConnections} connection(s) after closing; client sent {Convert.ToHexString(stream)}");
        Unexpected.ThrowIfAny(stream);
        BugClassExceptions.ThrowIfAny($"client sent {Convert.ToHexString(stream)}");
        ServerResponseRules.Check(stream, response!, requireAuth: server == auth);
    }

    private static bool WaitForNoConnections(ReferenceServer server)
    {
        var deadline = DateTime.UtcNow + LoopbackPeer.CloseDeadline;
        while (server.ActiveConnections != 0)
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Yield();
        }
        return true;
    }

    private static (ReferenceServer, ReferenceServer) Start()
    {
        static ServerOptions Options(bool auth)
        {
            var o = new ServerOptions
            {
                // Nothing may be reached: the handshake is under test, not the relay.
                Policy = new DestinationPolicy(),
                HandshakeTimeout = TimeSpan.FromSeconds(2),
                ConnectTimeout = TimeSpan.FromMilliseconds(200),
                BindTimeout = TimeSpan.FromMilliseconds(200),
                IdleTimeout = TimeSpan.FromSeconds(2),
                MaxConnections = 64,
                // Longer names are refused before resolution; one-letter names still reach the resolver (see Isolation).
                MaxDomainLength = 1,
            };
            o.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
            if (auth) o.Users[User] = Password;
            return o;
        }
        var open = ReferenceServer.StartAsync(Options(false)).GetAwaiter().GetResult();
        var auth = ReferenceServer.StartAsync(Options(true)).GetAwaiter().GetResult();
        Unexpected.Watch(open);
        Unexpected.Watch(auth);
        return (open, auth);
    }
}
