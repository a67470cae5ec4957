using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Spec.Tests;

/// <summary>The one thing a <see cref="BrokenProxy"/> gets wrong.</summary>
public enum Fault
{
    /// <summary>A correct (if minimal) SOCKS5 CONNECT proxy: the control.</summary>
    None,

    /// <summary>Every reply carries RSV 0x01.</summary>
    ReplyRsvOne,

    /// <summary>REP 00 goes out before the outbound connect; a failed connect shows as a close.</summary>
    SuccessBeforeConnect,

    /// <summary>A failure reply is only VER REP RSV (3 bytes), then a close.</summary>
    ThreeByteFailure,

    /// <summary>Selects 00 whatever the client offered.</summary>
    SelectsUnoffered,

    /// <summary>Treats one receive as one message (microsocks' bug class).</summary>
    OneReceivePerMessage,
}

/// <summary>
/// A tiny, deliberately wrong SOCKS5 server (no auth, CONNECT only) for proving that the suite catches a deviation: with
/// <see cref="Fault.None"/> the same cases pass, so a failing verdict comes from the fault and nothing else.
/// </summary>
public sealed class BrokenProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Fault _fault;
    private readonly Task _loop;

    public BrokenProxy(Fault fault)
    {
        _fault = fault;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        _loop = AcceptLoop();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Serve(client);
        }
    }

    private async Task Serve(Socket client)
    {
        using var _ = client;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var ct = cts.Token;
        var buffer = new byte[4096];
        int have = 0;
        try
        {
            var greeting = await Read<Socks5Greeting>(client, buffer, () => have, n => have = n, ct);
            if (greeting is not { } g) return;
            bool offered = g.Methods.Span.Contains((byte)0);
            byte method = offered || _fault == Fault.SelectsUnoffered ? (byte)0 : (byte)0xFF;
            await Send(client, new Socks5MethodSelection(method), ct);
            if (method == 0xFF) return;
            var request = await Read<Socks5Request>(client, buffer, () => have, n => have = n, ct);
            if (request is not { } r) return;
            if (r.Cmd != 1)
            {
                await Fail(client, Socks5Rep.CommandNotSupported, ct);
                return;
            }
            var ip = r.DstAddr.ToIPAddress();
            if (ip is null || !IPAddress.IsLoopback(ip))
            {
                await Fail(client, Socks5Rep.ConnectionNotAllowedByRuleset, ct);
                return;
            }
            using var outbound = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (_fault == Fault.SuccessBeforeConnect) await Reply(client, Socks5Rep.Succeeded, ct);
            try
            {
                await outbound.ConnectAsync(new IPEndPoint(ip, r.DstPort), ct);
            }
            catch (SocketException)
            {
                if (_fault != Fault.SuccessBeforeConnect) await Fail(client, Socks5Rep.ConnectionRefused, ct);
                return;
            }
            if (_fault != Fault.SuccessBeforeConnect) await Reply(client, Socks5Rep.Succeeded, ct);
            if (have > 0) await outbound.SendAsync(buffer.AsMemory(0, have), SocketFlags.None, ct);
            await Task.WhenAny(Pump(client, outbound, ct), Pump(outbound, client, ct));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<T?> Read<T>(Socket s, byte[] buffer, Func<int> have, Action<int> setHave, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        while (true)
        {
            var result = T.TryRead(buffer.AsSpan(0, have()), out var message);
            if (result.Status == ReadStatus.Done)
            {
                Buffer.BlockCopy(buffer, result.Consumed, buffer, 0, have() - result.Consumed);
                setHave(have() - result.Consumed);
                return message;
            }
            if (result.Status == ReadStatus.Invalid) return null;
            if (_fault == Fault.OneReceivePerMessage && have() > 0)
            {
                // The bug: whatever one receive brought is the message; a short one is answered as garbage.
                await Fail(s, Socks5Rep.GeneralFailure, ct);
                return null;
            }
            int n = await s.ReceiveAsync(buffer.AsMemory(have()), SocketFlags.None, ct);
            if (n == 0) return null;
            setHave(have() + n);
        }
    }

    private Task Fail(Socket s, Socks5Rep rep, CancellationToken ct) =>
        _fault == Fault.ThreeByteFailure ? SendPrefix(s, new Socks5Reply(rep, SocksAddress.IPv4Any, 0), 3, ct) : Reply(s, rep, ct);

    /// <summary>The first <paramref name="count"/> bytes of a codec-written message: a truncated one, as broken servers send.</summary>
    private static async Task SendPrefix<T>(Socket s, T message, int count, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        await s.SendAsync(bytes.AsMemory(0, count), SocketFlags.None, ct);
    }

    private Task Reply(Socket s, Socks5Rep rep, CancellationToken ct) =>
        Send(s, new Socks5Reply(rep, SocksAddress.FromIPAddress(IPAddress.Loopback), 1080) { Rsv = _fault == Fault.ReplyRsvOne ? (byte)1 : (byte)0 }, ct);

    private static async Task Send<T>(Socket s, T message, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        await s.SendAsync(bytes, SocketFlags.None, ct);
    }

    private static async Task Pump(Socket from, Socket to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int n = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (n == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }
            await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _loop;
    }
}
