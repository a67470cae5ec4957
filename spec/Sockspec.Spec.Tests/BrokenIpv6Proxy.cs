using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Spec.Tests;

/// <summary>The one IPv6 thing a <see cref="BrokenIpv6Proxy"/> gets wrong.</summary>
public enum Ipv6Fault
{
    /// <summary>Correct for CONNECT, BIND and UDP ASSOCIATE over both families: the control.</summary>
    None,

    /// <summary>The relay drops every ATYP 04 datagram, although CONNECT to ::1 works (the reference's old gap).</summary>
    DropsIpv6Datagrams,

    /// <summary>The relay sends an ATYP 04 datagram straight back to the client instead of on to DST.</summary>
    ReflectsIpv6Datagrams,

    /// <summary>A UDP ASSOCIATE whose DST is ATYP 04 gets no reply; the connection stays open.</summary>
    AssociateIpv6Silent,

    /// <summary>An IPv6 host's answer comes back under an ATYP 01 header holding the address's last 4 octets.</summary>
    Ipv4HeaderForIpv6,

    /// <summary>An IPv4 host's answer comes back under ATYP 04 ::ffff:a.b.c.d (a dual-stack socket's view of it).</summary>
    MappedHeaderForIpv4,

    /// <summary>An IPv6 host's answer comes back under ATYP 04 with only 4 address octets.</summary>
    TruncatedIpv6Header,

    /// <summary>The answer's header carries the port in little-endian order.</summary>
    PortByteOrder,

    /// <summary>For a client on ::1 the relay drops ATYP 01 datagrams (one relay socket, the client's family).</summary>
    DropsIpv4ForIpv6Client,

    /// <summary>A UDP ASSOCIATE whose DST is ATYP 04 gets a close without a reply.</summary>
    AssociateIpv6BareClose,

    /// <summary>A BIND naming an IPv6 address gets a close without a reply.</summary>
    BindIpv6BareClose,

    /// <summary>A BIND naming an IPv6 address gets no reply at all; the connection stays open.</summary>
    BindIpv6Silent,

    /// <summary>A UDP ASSOCIATE from a client on ::1 is given a relay on 127.0.0.1.</summary>
    Ipv4RelayForIpv6Client,

    /// <summary>A BIND naming ::1 listens on 127.0.0.1 and says so in the first reply.</summary>
    BindIpv4Bnd,

    /// <summary>The second reply of an IPv6 BIND names the peer's port in little-endian order.</summary>
    BindSecondPortByteOrder,

    /// <summary>Refuses ATYP 04 the RFC way (REP 08) and drops ATYP 04 datagrams: IPv6 unsupported, correctly said.</summary>
    RefusesIpv6,

    /// <summary>Correct, but listens on 127.0.0.1 only: the cases that need a client on ::1 cannot run.</summary>
    NoIpv6Listener,
}

/// <summary>
/// A small SOCKS5 server (no auth; CONNECT, BIND, UDP ASSOCIATE over IPv4 and IPv6) with one deliberate IPv6 fault,
/// for proving that the IPv6 cases fail it, while <see cref="Ipv6Fault.None"/> passes the same cases.
/// </summary>
public sealed class BrokenIpv6Proxy : IAsyncDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Ipv6Fault _fault;

    public BrokenIpv6Proxy(Ipv6Fault fault)
    {
        _fault = fault;
        for (int attempt = 0; _listeners.Count == 0; attempt++)
        {
            var v4 = Listen(new IPEndPoint(IPAddress.Loopback, 0));
            if (fault == Ipv6Fault.NoIpv6Listener)
            {
                _listeners.Add(v4);
                break;
            }
            try
            {
                var v6 = Listen(new IPEndPoint(IPAddress.IPv6Loopback, ((IPEndPoint)v4.LocalEndPoint!).Port));
                _listeners.AddRange([v4, v6]);
            }
            catch (SocketException) when (attempt < 20)
            {
                v4.Dispose();
            }
        }
        EndPoint = (IPEndPoint)_listeners[0].LocalEndPoint!;
        foreach (var l in _listeners) _loops.Add(AcceptLoop(l));
    }

    public IPEndPoint EndPoint { get; }

    private static Socket Listen(IPEndPoint ep)
    {
        var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (ep.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
        s.Bind(ep);
        s.Listen(128);
        return s;
    }

    private static Socket Udp(IPAddress local)
    {
        var s = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (local.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
        s.Bind(new IPEndPoint(local, 0));
        return s;
    }

    private async Task AcceptLoop(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _ = Serve(await listener.AcceptAsync(_stop.Token));
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    private async Task Serve(Socket client)
    {
        using var _ = client;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(Lifetime);
        var ct = cts.Token;
        var input = new Input(client);
        try
        {
            if (await input.Read<Socks5Greeting>(ct) is not { } g) return;
            byte method = g.Methods.Span.Contains((byte)0) ? (byte)0 : (byte)0xFF;
            await Send(client, new Socks5MethodSelection(method), ct);
            if (method == 0xFF || await input.Read<Socks5Request>(ct) is not { } r) return;
            bool v6 = r.DstAddr.Atyp == (byte)AddressType.IPv6;
            if (v6 && _fault == Ipv6Fault.RefusesIpv6)
            {
                await Reply(client, Socks5Rep.AddressTypeNotSupported, null, ct);
                return;
            }
            switch (r.Cmd)
            {
                case 1: await Connect(client, r, ct); break;
                case 2 when v6 && _fault == Ipv6Fault.BindIpv6Silent: await Task.Delay(Timeout.Infinite, ct); break;
                case 3 when v6 && _fault == Ipv6Fault.AssociateIpv6Silent: await Task.Delay(Timeout.Infinite, ct); break;
                case 2 when !(v6 && _fault == Ipv6Fault.BindIpv6BareClose): await Bind(client, r, ct); break;
                case 3 when !(v6 && _fault == Ipv6Fault.AssociateIpv6BareClose): await Associate(client, ct); break;
                case 2 or 3: return; // the bare close under test
                default: await Reply(client, Socks5Rep.CommandNotSupported, null, ct); break;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static async Task Connect(Socket client, Socks5Request r, CancellationToken ct)
    {
        if (r.DstAddr.ToIPAddress() is not { } ip || !IPAddress.IsLoopback(ip))
        {
            await Reply(client, Socks5Rep.ConnectionNotAllowedByRuleset, null, ct);
            return;
        }
        using var outbound = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await outbound.ConnectAsync(new IPEndPoint(ip, r.DstPort), ct);
        }
        catch (SocketException)
        {
            await Reply(client, Socks5Rep.ConnectionRefused, null, ct);
            return;
        }
        await Reply(client, Socks5Rep.Succeeded, (IPEndPoint)outbound.LocalEndPoint!, ct);
        await Splice(client, outbound, ct);
    }

    private async Task Bind(Socket client, Socks5Request r, CancellationToken ct)
    {
        var dst = r.DstAddr.ToIPAddress() ?? IPAddress.Loopback;
        var at = dst.AddressFamily == AddressFamily.InterNetworkV6 && _fault != Ipv6Fault.BindIpv4Bnd ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        using var listener = Listen(new IPEndPoint(at, 0));
        await Reply(client, Socks5Rep.Succeeded, (IPEndPoint)listener.LocalEndPoint!, ct);
        using var peer = await listener.AcceptAsync(ct);
        var from = (IPEndPoint)peer.RemoteEndPoint!;
        if (_fault == Ipv6Fault.BindSecondPortByteOrder) from = new IPEndPoint(from.Address, BinaryPrimitives.ReverseEndianness((ushort)from.Port));
        await Reply(client, Socks5Rep.Succeeded, from, ct);
        await Splice(client, peer, ct);
    }

    /// <summary>One relay socket per family; the client-facing one is of the family the client came in on.</summary>
    private async Task Associate(Socket client, CancellationToken ct)
    {
        var clientIp = ((IPEndPoint)client.RemoteEndPoint!).Address;
        using var v4 = Udp(IPAddress.Loopback);
        using var v6 = Udp(IPAddress.IPv6Loopback);
        var facing = clientIp.AddressFamily == AddressFamily.InterNetworkV6 && _fault != Ipv6Fault.Ipv4RelayForIpv6Client ? v6 : v4;
        await Reply(client, Socks5Rep.Succeeded, (IPEndPoint)facing.LocalEndPoint!, ct);
        var state = new RelayState(clientIp, facing, v4, v6);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = new[] { RelayLoop(v4, state, end.Token), RelayLoop(v6, state, end.Token) };
        var sink = new byte[64];
        while (await client.ReceiveAsync(sink, SocketFlags.None, ct) > 0) { }
        await end.CancelAsync();
        await Task.WhenAll(loops);
    }

    private sealed class RelayState(IPAddress clientIp, Socket facing, Socket v4, Socket v6)
    {
        public IPAddress ClientIp { get; } = clientIp;
        public Socket Facing { get; } = facing;
        public Socket V4 { get; } = v4;
        public Socket V6 { get; } = v6;
        public IPEndPoint? Client { get; set; }
    }

    private async Task RelayLoop(Socket s, RelayState state, CancellationToken ct)
    {
        var buffer = new byte[65_535];
        var any = new IPEndPoint(s.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var got = await s.ReceiveFromAsync(buffer, SocketFlags.None, any, ct);
                var from = (IPEndPoint)got.RemoteEndPoint;
                var data = buffer.AsMemory(0, got.ReceivedBytes);
                // The client is its first source on the facing socket; an echo on the client's own IP (::1) is a peer.
                bool fromClient = s == state.Facing && (state.Client is { } known ? known.Equals(from) : from.Address.Equals(state.ClientIp));
                if (fromClient)
                {
                    state.Client = from;
                    await FromClient(data, state, ct);
                }
                else if (state.Client is { } c)
                {
                    await state.Facing.SendToAsync(Answer(from, data.Span), SocketFlags.None, c, ct);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task FromClient(ReadOnlyMemory<byte> datagram, RelayState state, CancellationToken ct)
    {
        var r = Socks5UdpHeader.TryRead(datagram.Span, out var h);
        if (r.Status != ReadStatus.Done || h.Frag != 0 || h.DstAddr.ToIPAddress() is not { } ip || !IPAddress.IsLoopback(ip)) return;
        bool v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
        if (v6 && _fault is Ipv6Fault.DropsIpv6Datagrams or Ipv6Fault.RefusesIpv6) return;
        if (v6 && _fault == Ipv6Fault.ReflectsIpv6Datagrams && state.Client is { } client)
        {
            await state.Facing.SendToAsync(datagram, SocketFlags.None, client, ct);
            return;
        }
        if (!v6 && _fault == Ipv6Fault.DropsIpv4ForIpv6Client && state.ClientIp.AddressFamily == AddressFamily.InterNetworkV6) return;
        var via = v6 ? state.V6 : state.V4;
        await via.SendToAsync(datagram[r.Consumed..], SocketFlags.None, new IPEndPoint(ip, h.DstPort), ct);
    }

    /// <summary>The datagram for the client: header naming <paramref name="from"/> (or the faulty form), then the data.</summary>
    private byte[] Answer(IPEndPoint from, ReadOnlySpan<byte> data)
    {
        var addr = from.Address.IsIPv4MappedToIPv6 ? from.Address.MapToIPv4() : from.Address;
        var octets = addr.GetAddressBytes();
        byte atyp = octets.Length == 16 ? (byte)AddressType.IPv6 : (byte)AddressType.IPv4;
        if (octets.Length == 16 && _fault == Ipv6Fault.Ipv4HeaderForIpv6) (atyp, octets) = ((byte)AddressType.IPv4, octets[12..]);
        if (octets.Length == 16 && _fault == Ipv6Fault.TruncatedIpv6Header) octets = octets[12..];
        if (octets.Length == 4 && _fault == Ipv6Fault.MappedHeaderForIpv4) (atyp, octets) = ((byte)AddressType.IPv6, addr.MapToIPv6().GetAddressBytes());
        var port = new byte[2];
        if (_fault == Ipv6Fault.PortByteOrder) BinaryPrimitives.WriteUInt16LittleEndian(port, (ushort)from.Port);
        else BinaryPrimitives.WriteUInt16BigEndian(port, (ushort)from.Port);
        return [0, 0, 0, atyp, .. octets, .. port, .. data];
    }

    private static Task Reply(Socket s, Socks5Rep rep, IPEndPoint? bound, CancellationToken ct)
    {
        var addr = bound is null ? SocksAddress.IPv4Any : SocksAddress.FromIPAddress(bound.Address);
        return Send(s, new Socks5Reply(rep, addr, (ushort)(bound?.Port ?? 0)), ct);
    }

    private static async Task Send<T>(Socket s, T message, CancellationToken ct) where T : struct, ISocksMessage<T>
    {
        var bytes = new byte[T.GetLength(message)];
        T.TryWrite(message, bytes, out _);
        await s.SendAsync(bytes, SocketFlags.None, ct);
    }

    private static async Task Splice(Socket a, Socket b, CancellationToken ct)
    {
        static async Task Pump(Socket from, Socket to, CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await from.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0) await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, ct);
            to.Shutdown(SocketShutdown.Send);
        }
        await Task.WhenAny(Pump(a, b, ct), Pump(b, a, ct));
    }

    /// <summary>Buffered reads of whole codec messages; null on a close or bytes that cannot frame.</summary>
    private sealed class Input(Socket s)
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _have;

        public async Task<T?> Read<T>(CancellationToken ct) where T : struct, ISocksMessage<T>
        {
            while (true)
            {
                var r = T.TryRead(_buffer.AsSpan(0, _have), out var message);
                if (r.Status == ReadStatus.Done)
                {
                    _buffer.AsSpan(r.Consumed, _have - r.Consumed).CopyTo(_buffer);
                    _have -= r.Consumed;
                    return message;
                }
                if (r.Status == ReadStatus.Invalid || _have == _buffer.Length) return null;
                int n = await s.ReceiveAsync(_buffer.AsMemory(_have), SocketFlags.None, ct);
                if (n == 0) return null;
                _have += n;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var l in _listeners) l.Dispose();
        await Task.WhenAll(_loops);
        _stop.Dispose();
    }
}
