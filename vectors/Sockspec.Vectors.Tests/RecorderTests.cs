using System.Net;
using System.Net.Sockets;
using Sockspec.Proxy;
using Sockspec.Proxy.Client;
using Sockspec.Vectors;

namespace Sockspec.Vectors.Tests;

public class RecorderTests
{
    [Fact]
    public async Task The_recorder_relays_a_real_dialog_and_writes_it_as_a_vector_that_decodes_cleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string dir = Directory.CreateTempSubdirectory("sockspec-rec-").FullName;
        try
        {
            using var target = new TcpListener(IPAddress.Loopback, 0);
            target.Start();
            var options = new ServerOptions();
            options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
            await using var server = await ReferenceServer.StartAsync(options, cts.Token);
            await using var recorder = VectorRecorder.Start(new RecorderOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Upstream = server.Endpoints[0],
                OutDir = dir,
                Label = "test/one",
                Headers = [new("implementation", "test")],
                StopAfter = 1,
            });
            var serverSide = Task.Run(async () =>
            {
                using var s = await target.AcceptSocketAsync(cts.Token);
                var buf = new byte[5];
                int n = 0;
                while (n < 5) n += await s.ReceiveAsync(buf.AsMemory(n), cts.Token);
                await s.SendAsync("world"u8.ToArray(), cts.Token);
            });
            var client = new SocksClient(recorder.Endpoint);
            using (var c = await client.ConnectAsync("127.0.0.1", ((IPEndPoint)target.LocalEndpoint).Port, cts.Token))
            {
                await c.Stream.WriteAsync("hello"u8.ToArray(), cts.Token);
                var buf = new byte[5];
                await c.Stream.ReadExactlyAsync(buf, cts.Token);
                Assert.Equal("world"u8.ToArray(), buf);
            }
            await serverSide;
            await recorder.Completion.WaitAsync(cts.Token);

            var v = VectorFile.Load(Path.Combine(dir, "test", "one.vector"));
            Assert.Equal(Protocol.Socks5, v.Protocol);
            Assert.Equal("test", v.Header("implementation"));
            var entries = DialogDecoder.Decode(v);
            Assert.Equal(
                ["SOCKS5 greeting", "SOCKS5 method selection", "SOCKS5 request", "SOCKS5 reply"],
                entries.Where(e => e.Kind == EntryKind.Message).Select(e => e.Name));
            Assert.All(entries, e => Assert.True(e.Violations.IsEmpty));
            Assert.Equal("hello"u8.ToArray(), v.Stream(Direction.ClientToServer)[^5..]);
            Assert.Equal("world"u8.ToArray(), v.Stream(Direction.ServerToClient)[^5..]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_recorder_refuses_a_non_loopback_upstream() =>
        Assert.Throws<ArgumentException>(() => VectorRecorder.Start(new RecorderOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 1080),
            OutDir = Path.GetTempPath(),
            Label = "x",
        }));

    [Fact]
    public async Task The_recorder_bounds_what_it_records_per_direction()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string dir = Directory.CreateTempSubdirectory("sockspec-rec-").FullName;
        try
        {
            // The upstream is a plain sink: the bound is about bytes, not about SOCKS.
            using var sink = new TcpListener(IPAddress.Loopback, 0);
            sink.Start();
            await using var recorder = VectorRecorder.Start(new RecorderOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Upstream = (IPEndPoint)sink.LocalEndpoint,
                OutDir = dir,
                Label = "test/big",
                MaxBytesPerDirection = 100,
                StopAfter = 1,
            });
            var drain = Task.Run(async () =>
            {
                using var s = await sink.AcceptSocketAsync(cts.Token);
                var buf = new byte[4096];
                while (await s.ReceiveAsync(buf, cts.Token) > 0) { }
            });
            using (var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await c.ConnectAsync(recorder.Endpoint, cts.Token);
                await c.SendAsync(new byte[10_000], cts.Token);
                c.Shutdown(SocketShutdown.Send);
                await drain;
            }
            await recorder.Completion.WaitAsync(cts.Token);
            var v = VectorFile.Load(Path.Combine(dir, "test", "big.vector"));
            Assert.Equal(100, v.Stream(Direction.ClientToServer).Length);
            Assert.NotNull(v.Header("cut"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_connection_still_open_after_the_window_is_written_then_and_keeps_relaying()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string dir = Directory.CreateTempSubdirectory("sockspec-rec-").FullName;
        try
        {
            using var echo = new TcpListener(IPAddress.Loopback, 0);
            echo.Start();
            await using var recorder = VectorRecorder.Start(new RecorderOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Upstream = (IPEndPoint)echo.LocalEndpoint,
                OutDir = dir,
                Label = "test/open",
                RecordWindow = TimeSpan.FromMilliseconds(300),
                StopAfter = 1,
            });
            using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await c.ConnectAsync(recorder.Endpoint, cts.Token);
            using var upstream = await echo.AcceptSocketAsync(cts.Token);
            await c.SendAsync(new byte[] { 5, 1, 0 }, cts.Token);
            await recorder.Completion.WaitAsync(cts.Token);
            var v = VectorFile.Load(Path.Combine(dir, "test", "open.vector"));
            Assert.Equal(new byte[] { 5, 1, 0 }, v.Stream(Direction.ClientToServer));
            Assert.NotNull(v.Header("cut"));
            // Past the window the relay still carries bytes, unrecorded.
            await c.SendAsync(new byte[] { 9 }, cts.Token);
            var buf = new byte[4];
            int got = 0;
            while (got < 4) got += await upstream.ReceiveAsync(buf.AsMemory(got), cts.Token);
            Assert.Equal(new byte[] { 5, 1, 0, 9 }, buf);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
