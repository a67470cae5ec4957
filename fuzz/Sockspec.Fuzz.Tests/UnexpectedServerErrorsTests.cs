using System.Net;
using System.Net.Sockets;
using Sockspec.Fuzz.Proxy;
using Sockspec.Proxy;

namespace Sockspec.Fuzz.Tests;

/// <summary>
/// The server-handshake target's check for exceptions the reference server does not expect: one thrown inside a
/// session (injected through the server's test hook) becomes a finding with its type, message and stack; clients
/// that close or reset in the middle of a handshake are no finding.
/// </summary>
public class UnexpectedServerErrorsTests
{
    private static readonly byte[] Greeting = [5, 1, 0];

    private static ServerOptions Options()
    {
        var o = new ServerOptions { Policy = new DestinationPolicy(), HandshakeTimeout = TimeSpan.FromSeconds(2) };
        o.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
        return o;
    }

    /// <summary>Sends, half-closes, reads to the close, then waits (bounded) until the server counts no connection.</summary>
    private static void Exchange(ReferenceServer server, byte[] bytes, bool reset = false)
    {
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            s.Connect(server.Endpoints[0]);
            s.Send(bytes);
            if (reset)
            {
                // Linger 0: the close is an RST, as from a client that crashed.
                s.LingerState = new LingerOption(true, 0);
            }
            else
            {
                s.Shutdown(SocketShutdown.Send);
                Assert.NotNull(LoopbackPeer.ReadUntilClosed(s));
            }
        }
        var deadline = DateTime.UtcNow + LoopbackPeer.CloseDeadline;
        while (server.ActiveConnections != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server still counts a connection");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public async Task An_exception_thrown_inside_a_session_becomes_a_finding_with_its_stack()
    {
        var o = Options();
        o.FirstOctetHook = v => { if (v == 5) throw new InvalidOperationException("injected session fault"); };
        await using var server = await ReferenceServer.StartAsync(o);
        var errors = new UnexpectedServerErrors();
        errors.Watch(server);

        Exchange(server, Greeting);

        var finding = Assert.Throws<FuzzFindingException>(() => errors.ThrowIfAny(Greeting));
        Assert.Contains("InvalidOperationException", finding.Message);
        Assert.Contains("injected session fault", finding.Message);
        Assert.Contains("Sockspec.Proxy.ClientSession.RunAsync", finding.Message); // the stack, through the session
        Assert.Contains("client sent 050100", finding.Message);
        errors.ThrowIfAny(Greeting); // reported once, then cleared for the next input
    }

    [Fact]
    public async Task Clients_that_close_or_reset_mid_handshake_are_no_finding()
    {
        await using var server = await ReferenceServer.StartAsync(Options());
        var errors = new UnexpectedServerErrors();
        errors.Watch(server);

        Exchange(server, [5]);                    // FIN after a partial greeting
        Exchange(server, [5, 2, 0], reset: true); // RST with the greeting unfinished
        Exchange(server, [4, 1]);                 // FIN inside a SOCKS4 request
        Exchange(server, [0x47, 0x45, 0x54]);     // not SOCKS at all

        errors.ThrowIfAny(Greeting);
        Assert.Equal(0, server.UnexpectedErrors);
    }
}
