using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Tests;

public sealed class TracedConnectionTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private static byte[] Reply(byte rep, byte rsv = 0) =>
        SocksMessage.ToArray(new Socks5Reply((Socks5Rep)rep, SocksAddress.IPv4Any, 0) { Rsv = rsv });

    private static async Task<(TracedConnection Conn, WireTrace Trace)> Connect(LoopbackServer server)
    {
        var trace = new WireTrace();
        return (await TracedConnection.ConnectAsync(server.EndPoint, "tcp#1", trace, TimeSpan.FromSeconds(5), CancellationToken.None), trace);
    }

    [Fact]
    public async Task A_silent_peer_gives_a_timeout_within_the_deadline_and_a_trace_event()
    {
        await using var server = new LoopbackServer(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        var (conn, trace) = await Connect(server);
        await using var _ = conn;
        var started = trace.Elapsed;
        var r = await conn.ReadMessageAsync<Socks5Reply>(Short);
        Assert.Equal(ReadKind.Timeout, r.Kind);
        Assert.InRange(trace.Elapsed - started, Short - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3));
        Assert.Contains(trace.Events, e => e.Kind == TraceEventKind.Timeout);
    }

    [Fact]
    public async Task A_reply_cut_short_by_fin_is_a_close_with_the_partial_bytes()
    {
        var full = Reply(5);
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            await s.SendAsync(full.AsMemory(0, 3), SocketFlags.None, ct);
            s.Shutdown(SocketShutdown.Send);
            await Task.Delay(1000, ct);
        });
        var (conn, trace) = await Connect(server);
        await using var _ = conn;
        var r = await conn.ReadMessageAsync<Socks5Reply>();
        Assert.Equal(ReadKind.Closed, r.Kind);
        Assert.Equal(full[..3], r.Bytes);
        Assert.Contains(trace.Events, e => e.Kind == TraceEventKind.Fin && e.Direction == TraceDirection.FromTarget);
    }

    [Fact]
    public async Task A_reply_with_rsv_one_is_a_message_whose_violation_names_the_value()
    {
        await using var server = new LoopbackServer(async (s, ct) => await s.SendAsync(Reply(0, rsv: 1), SocketFlags.None, ct));
        var (conn, _) = await Connect(server);
        await using var __ = conn;
        var r = await conn.ReadMessageAsync<Socks5Reply>();
        Assert.Equal(ReadKind.Message, r.Kind);
        Assert.True(r.Violations.Contains(SocksViolation.ReplyReservedNotZero));
        Assert.Contains("RSV was 0x01", r.Describe());
    }

    [Fact]
    public async Task A_reply_with_atyp_zero_is_a_framing_error()
    {
        var bytes = SocksMessage.ToArray(new Socks5Reply(Socks5Rep.GeneralFailure, new SocksAddress(0, [0, 0, 0, 0]), 0));
        await using var server = new LoopbackServer(async (s, ct) => await s.SendAsync(bytes, SocketFlags.None, ct));
        var (conn, _) = await Connect(server);
        await using var __ = conn;
        var r = await conn.ReadMessageAsync<Socks5Reply>();
        Assert.Equal(ReadKind.FramingError, r.Kind);
        Assert.Equal(FramingError.UnknownAddressType, r.Error);
    }

    [Fact]
    public async Task A_message_split_over_segments_is_assembled_and_the_rest_stays_pending()
    {
        var reply = Reply(0);
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            foreach (var b in reply)
            {
                await s.SendAsync(new[] { b }, SocketFlags.None, ct);
                await Task.Delay(5, ct);
            }
            await s.SendAsync("xyz"u8.ToArray(), SocketFlags.None, ct);
            await Task.Delay(1000, ct);
        });
        var (conn, _) = await Connect(server);
        await using var __ = conn;
        var r = await conn.ReadMessageAsync<Socks5Reply>(TimeSpan.FromSeconds(3));
        Assert.True(r.IsMessage);
        var (rest, end) = await conn.ReadExactlyAsync(3, TimeSpan.FromSeconds(3));
        Assert.Null(end);
        Assert.Equal("xyz"u8.ToArray(), rest);
    }

    [Fact]
    public async Task Wait_for_close_reports_the_fin_and_any_bytes_before_it()
    {
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            await s.SendAsync("late"u8.ToArray(), SocketFlags.None, ct);
            await Task.Delay(100, ct);
            s.Shutdown(SocketShutdown.Send);
            await Task.Delay(1000, ct);
        });
        var (conn, _) = await Connect(server);
        await using var __ = conn;
        var close = await conn.WaitForCloseAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(CloseKind.Fin, close.Kind);
        Assert.Equal("late"u8.ToArray(), close.ExtraBytes);
        Assert.True(close.ClosedWithin(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Wait_for_close_on_an_open_connection_says_still_open()
    {
        await using var server = new LoopbackServer(async (s, ct) => await Task.Delay(Timeout.Infinite, ct));
        var (conn, _) = await Connect(server);
        await using var __ = conn;
        var close = await conn.WaitForCloseAsync(Short);
        Assert.Equal(CloseKind.StillOpen, close.Kind);
        Assert.False(close.Closed);
    }

    [Fact]
    public async Task Connecting_to_a_closed_port_aborts_the_case_as_an_error()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var closed = (System.Net.IPEndPoint)probe.LocalEndPoint!;
        probe.Dispose();
        var e = await Assert.ThrowsAsync<CaseAbort>(() => TracedConnection.ConnectAsync(closed, "tcp#1", new WireTrace(), Short, CancellationToken.None));
        Assert.Equal(Verdict.Error, e.Verdict);
    }

    [Fact]
    public async Task A_flood_while_waiting_for_the_close_ends_the_wait_early_and_keeps_the_trace_bounded()
    {
        await using var server = new LoopbackServer(async (s, ct) =>
        {
            var chunk = new byte[64 * 1024];
            for (int i = 0; i < 1000 && !ct.IsCancellationRequested; i++) await s.SendAsync(chunk, SocketFlags.None, ct);
        });
        var (conn, trace) = await Connect(server);
        await using var _ = conn;
        var close = await conn.WaitForCloseAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CloseKind.StillOpen, close.Kind);
        Assert.InRange(close.After, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.InRange(close.ExtraBytes.Length, 1, 4096);
        Assert.Contains(trace.Events, e => e.Note is not null && e.Note.StartsWith("stopped waiting for the close", StringComparison.Ordinal));
        Assert.InRange(trace.Events.Sum(e => e.Data.Length), 1, StreamTap.HeadBytes + StreamTap.TailBytes);
    }
}
