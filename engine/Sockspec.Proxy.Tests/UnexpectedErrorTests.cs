using System.Net;
using System.Net.Sockets;

namespace Sockspec.Proxy.Tests;

/// <summary>
/// The server keeps quiet about what peers and the network do (a close, a reset, its own shutdown) and never swallows
/// anything else: an exception it does not expect is logged with its stack, counted in UnexpectedErrors and raised as
/// UnexpectedError, and the server goes on serving.
/// </summary>
public class UnexpectedErrorTests
{
    private static async Task WaitIdleAsync(ReferenceServer server)
    {
        for (int i = 0; server.ActiveConnections != 0; i++)
        {
            Assert.True(i < 250, $"the server still counts {server.ActiveConnections} connection(s) after 5 s");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task An_exception_inside_a_session_is_logged_with_its_stack_counted_and_raised()
    {
        int injected = 0;
        var (server, ep, log) = await TestServer.StartAsync(o => o.FirstOctetHook = v =>
        {
            // Only the first session fails, so that the next one shows the server still serves.
            if (v == 5 && Interlocked.Increment(ref injected) == 1) throw new InvalidOperationException("injected fault");
        });
        await using var _s = server;
        var raised = new List<Exception>();
        server.UnexpectedError += e => { lock (raised) raised.Add(e); };

        using (var c = await RawClient.ConnectAsync(ep))
        {
            await c.SendAsync(5, 1, 0);
            Assert.True(await c.ClosedWithinAsync(5), "the failed session was not closed");
        }
        await WaitIdleAsync(server);

        Assert.Equal(1, server.UnexpectedErrors);
        var e = Assert.Single(raised);
        Assert.IsType<InvalidOperationException>(e);
        ConnectionLogEntry entry;
        lock (log) entry = Assert.Single(log);
        Assert.Equal("internal error (InvalidOperationException)", entry.Outcome);
        Assert.Same(e, entry.Error);
        var lines = entry.ToString().Split(Environment.NewLine);
        Assert.Contains("outcome=internal error (InvalidOperationException)", lines[0]);
        Assert.Contains(lines, l => l.Contains("injected fault", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("at Sockspec.Proxy.ClientSession.RunAsync", StringComparison.Ordinal));

        using var next = await RawClient.ConnectAsync(ep);
        await next.SendAsync(5, 1, 0);
        Assert.Equal([5, 0], await next.ReadAsync(2));
    }

    [Fact]
    public async Task Closes_resets_and_shutdown_are_not_unexpected()
    {
        await using var echo = new TcpEcho();
        var (server, ep, log) = await TestServer.StartAsync();
        var raised = 0;
        server.UnexpectedError += _ => Interlocked.Increment(ref raised);
        try
        {
            using (var c = await RawClient.ConnectAsync(ep)) await c.SendAsync(5, 2); // FIN inside the greeting
            using (var c = await RawClient.ConnectAsync(ep))
            {
                await c.SendAsync(5, 1, 0, 5, 1, 0); // RST inside the request
                c.Socket.LingerState = new LingerOption(true, 0);
            }
            using (var c = await RawClient.ConnectAsync(ep))
            {
                // RST while relaying.
                await c.SendAsync([5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte)(echo.EndPoint.Port >> 8), (byte)echo.EndPoint.Port]);
                Assert.Equal(12, (await c.ReadAsync(12)).Length);
                await c.SendAsync("ping"u8.ToArray());
                Assert.Equal("ping"u8.ToArray(), await c.ReadAsync(4));
                c.Socket.LingerState = new LingerOption(true, 0);
            }
            using (var c = await RawClient.ConnectAsync(ep)) await c.SendAsync(0x16, 3, 1); // not SOCKS (a TLS hello)
            await WaitIdleAsync(server);
        }
        finally
        {
            // One session still handshaking when the server stops: its cancellation is the server's own doing.
            var pending = await RawClient.ConnectAsync(ep);
            await pending.SendAsync(5);
            for (int i = 0; server.ActiveConnections == 0 && i < 100; i++) await Task.Delay(20);
            await server.DisposeAsync();
            pending.Dispose();
            await WaitIdleAsync(server); // disposal does not wait for sessions; their last act is to stop being counted
        }

        Assert.Equal(0, server.UnexpectedErrors);
        Assert.Equal(0, raised);
        lock (log)
        {
            Assert.True(log.Count >= 5, $"{log.Count} sessions logged");
            Assert.All(log, e => Assert.Null(e.Error));
            Assert.DoesNotContain(log, e => e.Outcome.StartsWith("internal error", StringComparison.Ordinal));
        }
    }
}
