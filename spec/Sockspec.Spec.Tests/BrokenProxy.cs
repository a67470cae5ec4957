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

    /// <summary>Closes without a reply on a CMD other than 01-03 (dante).</summary>
    SilentCloseOnUnknownCommand,

    /// <summary>Closes without a reply on an unknown ATYP (dante).</summary>
    SilentCloseOnUnknownAddressType,

    /// <summary>Never answers a request whose VER is 04, keeping the connection open (dante).</summary>
    SilentOnRequestVersion4,

    /// <summary>A SOCKS4 CONNECT whose outbound connect fails gets a bare close, no CD 91 (OpenSSH).</summary>
    Socks4BareCloseOnRefused,

    /// <summary>A failure reply is only VER REP (2 bytes), then a close.</summary>
    TwoByteFailure,

    /// <summary>A success reply names the proxy's own listening address and port as BND.</summary>
    BndIsListener,

    /// <summary>A success reply names a specific loopback address and port the outbound socket does not have.</summary>
    BndMadeUp,
}

/// <summary>
/// A tiny, deliberately wrong SOCKS server (SOCKS5 without auth and SOCKS4, CONNECT only) for proving that the suite
/// catches a deviation: with <see cref="Fault.None"/> the same cases pass, so a failing verdict comes from the fault and
/// nothing else. The control refuses what it does not support the way the RFCs define (REP 07/08, CD 91), ignores a
/// non-zero RSV in a request (RFC 1928 binds only the sender of a reserved field) and answers a request with another
/// VER with REP 01.
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
            have = await client.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (have == 0) return;
            if (buffer[0] == 4)
            {
                await ServeSocks4(client, buffer, () => have, n => have = n, ct);
                return;
            }
            var greeting = await Read<Socks5Greeting>(client, buffer, () => have, n => have = n, ct);
            if (greeting is not { } g) return;
            bool offered = g.Methods.Span.Contains((byte)0);
            byte method = offered || _fault == Fault.SelectsUnoffered ? (byte)0 : (byte)0xFF;
            await Send(client, new Socks5MethodSelection(method), ct);
            if (method == 0xFF) return;
            var (request, error) = await ReadWithError<Socks5Request>(client, buffer, () => have, n => have = n, ct);
            if (request is not { } r)
            {
                // The codec cannot frame an unknown ATYP (the address length is unknown): REP 08, or dante's bare close.
                if (error == FramingError.UnknownAddressType && _fault != Fault.SilentCloseOnUnknownAddressType)
                    await Fail(client, Socks5Rep.AddressTypeNotSupported, ct);
                return;
            }
            if (r.Ver != 5)
            {
                if (r.Ver == 4 && _fault == Fault.SilentOnRequestVersion4)
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                await Fail(client, Socks5Rep.GeneralFailure, ct);
                return;
            }
            if (r.Cmd != 1)
            {
                if (r.Cmd is 0 or > 3 && _fault == Fault.SilentCloseOnUnknownCommand) return;
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
            if (_fault != Fault.SuccessBeforeConnect) await Reply(client, Socks5Rep.Succeeded, ct, (IPEndPoint?)outbound.LocalEndPoint);
            if (have > 0) await outbound.SendAsync(buffer.AsMemory(0, have), SocketFlags.None, ct);
            await Task.WhenAny(Pump(client, outbound, ct), Pump(outbound, client, ct));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<T?> Read<T>(Socket s, byte[] buffer, Func<int> have, Action<int> setHave, CancellationToken ct) where T : struct, ISocksMessage<T> =>
        (await ReadWithError<T>(s, buffer, have, setHave, ct)).Message;

    /// <summary>Reads one message; when it cannot frame, says why (an unknown ATYP has its own REP).</summary>
    private async Task<(T? Message, FramingError Error)> ReadWithError<T>(Socket s, byte[] buffer, Func<int> have, Action<int> setHave, CancellationToken ct)
        where T : struct, ISocksMessage<T>
    {
        while (true)
        {
            var result = T.TryRead(buffer.AsSpan(0, have()), out var message);
            if (result.Status == ReadStatus.Done)
            {
                Buffer.BlockCopy(buffer, result.Consumed, buffer, 0, have() - result.Consumed);
                setHave(have() - result.Consumed);
                return (message, FramingError.None);
            }
            if (result.Status == ReadStatus.Invalid) return (null, result.Error);
            if (_fault == Fault.OneReceivePerMessage && have() > 0)
            {
                // The bug: whatever one receive brought is the message; a short one is answered as garbage.
                await Fail(s, Socks5Rep.GeneralFailure, ct);
                return (null, FramingError.None);
            }
            int n = await s.ReceiveAsync(buffer.AsMemory(have()), SocketFlags.None, ct);
            if (n == 0) return (null, FramingError.None);
            setHave(have() + n);
        }
    }

    private Task Fail(Socket s, Socks5Rep rep, CancellationToken ct) => _fault switch
    {
        Fault.ThreeByteFailure => SendPrefix(s, new Socks5Reply(rep, SocksAddress.IPv4Any, 0), 3, ct),
        Fault.TwoByteFailure => SendPrefix(s, new Socks5Reply(rep, SocksAddress.IPv4Any, 0), 2, ct),
        _ => Reply(s, rep, ct),
    };

    /// <summary>SOCKS4 CONNECT to an IPv4 destination; everything else (BIND, 4a names) is refused with CD 91.</summary>
    private async Task ServeSocks4(Socket client, byte[] buffer, Func<int> have, Action<int> setHave, CancellationToken ct)
    {
        var request = await Read<Socks4Request>(client, buffer, have, setHave, ct);
        if (request is not { } r) return;
        var reject = new Socks4Reply(Socks4Cd.RequestRejectedOrFailed);
        if (r.Cd != 1 || r.IsSocks4a || r.DstIp == 0)
        {
            await Send(client, reject, ct);
            return;
        }
        var ip = Runner.Cases.CaseContext.Ipv4(r.DstIp);
        using var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await outbound.ConnectAsync(new IPEndPoint(ip, r.DstPort), ct);
        }
        catch (SocketException)
        {
            if (_fault != Fault.Socks4BareCloseOnRefused) await Send(client, reject, ct);
            return;
        }
        await Send(client, new Socks4Reply(Socks4Cd.RequestGranted), ct);
        if (have() > 0) await outbound.SendAsync(buffer.AsMemory(0, have()), SocketFlags.None, ct);
        await Task.WhenAny(Pump(client, outbound, ct), Pump(outbound, client, ct));
    }

    /// <summary>The first <paramref name="count"/> bytes of a codec-written message: a truncated one, as broken servers send.</summary>
    private static async Task SendPrefix<T>(Socket s, T message, int count, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        await s.SendAsync(bytes.AsMemory(0, count), SocketFlags.None, ct);
    }

    /// <summary>A reply whose BND is the outbound socket's address when there is one (RFC 1928 §6), else 127.0.0.1:1080.</summary>
    private Task Reply(Socket s, Socks5Rep rep, CancellationToken ct, IPEndPoint? outboundLocal = null)
    {
        var made = new IPEndPoint(IPAddress.Loopback, 1080);
        var bnd = (_fault, rep) switch
        {
            (Fault.BndIsListener, Socks5Rep.Succeeded) => EndPoint,
            (Fault.BndMadeUp, Socks5Rep.Succeeded) => made,
            _ => outboundLocal ?? made,
        };
        return Send(s, new Socks5Reply(rep, SocksAddress.FromIPAddress(bnd.Address), (ushort)bnd.Port) { Rsv = _fault == Fault.ReplyRsvOne ? (byte)1 : (byte)0 }, ct);
    }

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
