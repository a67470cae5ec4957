using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// The UDP relay of one UDP ASSOCIATE (RFC 1928 §7). Datagrams from the client (its TCP peer's IP, and the port it
/// declared, or else the first port it sends from) lose their header and go to DST; datagrams from a host the client
/// has sent to come back with the header. Anything else, FRAG != 0, bad headers and denied destinations are dropped
/// silently, as §7 says.
/// <para>
/// The client-facing socket has the family of the address the client reached us at. A destination of the other family
/// (an ATYP 04 datagram from a client on 127.0.0.1, an ATYP 01 one from a client on ::1) goes out through a second
/// socket of that family, opened on first use; its answers come back through the client-facing socket with the
/// header naming the remote as it is (ATYP 04 and its 16 octets for an IPv6 host, never an IPv4-mapped stand-in).
/// </para>
/// </summary>
internal sealed class UdpAssociation : IDisposable
{
    // A remote may answer only once the client has sent to it; the set is bounded so a client cannot grow it forever.
    private const int MaxPeers = 1024;

    private readonly Socket _udp;
    private readonly IPAddress _clientIp;
    private readonly ServerOptions _o;
    private readonly Connection _conn;
    // Written by the client-facing loop, read by both loops.
    private readonly HashSet<IPEndPoint> _peers = [];
    private readonly Lock _gate = new();
    private Socket? _other;
    private Task? _otherLoop;
    private bool _otherFailed;
    private volatile int _clientPort;
    private long _up, _down;
    private (string Name, IPAddress[] Addresses) _lastName = ("", []);

    private UdpAssociation(Socket udp, IPAddress clientIp, int clientPort, ServerOptions o, Connection conn)
    {
        _udp = udp;
        _clientIp = clientIp;
        _clientPort = clientPort;
        _o = o;
        _conn = conn;
        LocalEndPoint = Outbound.Plain((IPEndPoint)udp.LocalEndPoint!);
    }

    public IPEndPoint LocalEndPoint { get; }

    public long BytesUp => Interlocked.Read(ref _up);

    public long BytesDown => Interlocked.Read(ref _down);

    public static UdpAssociation Open(IPAddress local, IPAddress clientIp, int declaredPort, ServerOptions o, Connection conn) =>
        new(BindUdp(local, o), clientIp, declaredPort, o, conn);

    private static Socket BindUdp(IPAddress local, ServerOptions o) => RelayPorts.Bind(o, port =>
    {
        var s = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (local.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
            s.Bind(new IPEndPoint(local, port));
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    });

    public async Task RunAsync(CancellationToken ct)
    {
        await ReceiveLoopAsync(_udp, fromClientSide: true, ct).ConfigureAwait(false);
        Task? other;
        lock (_gate) other = _otherLoop;
        if (other is not null) await other.ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync(Socket socket, bool fromClientSide, CancellationToken ct)
    {
        var buffer = new byte[65536];
        var reply = new byte[65536 + Socks5UdpHeader.MaxLength];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                var from = Outbound.Plain((IPEndPoint)r.RemoteEndPoint);
                try
                {
                    if (IsPeer(from) && _clientPort != 0)
                        await ToClientAsync(from, buffer.AsMemory(0, r.ReceivedBytes), reply).ConfigureAwait(false);
                    else if (fromClientSide && from.Address.Equals(_clientIp) && (_clientPort == 0 || _clientPort == from.Port))
                        await FromClientAsync(from, buffer.AsMemory(0, r.ReceivedBytes), ct).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // One undeliverable datagram (unreachable, wrong family) is dropped; the association goes on.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    private bool IsPeer(IPEndPoint from)
    {
        lock (_gate) return _peers.Contains(from);
    }

    private async Task FromClientAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, CancellationToken ct)
    {
        var result = Socks5UdpHeader.TryRead(datagram.Span, out var header);
        // FRAG != 0: we do not reassemble, so §7 requires the drop. Unframeable or truncated headers are dropped too.
        if (!result.IsDone || header.Frag != 0) return;
        IPAddress? target = header.DstAddr.ToIPAddress();
        if (target is null && header.DstAddr.Atyp == (byte)AddressType.DomainName)
            target = await ResolveAsync(header.DstAddr, ct).ConfigureAwait(false);
        if (target is null || !_o.Policy.IsAllowed(target, header.DstPort)) return;
        // ::ffff:a.b.c.d is the IPv4 host a.b.c.d: it goes out (and its answers come back) as IPv4.
        target = DestinationRule.Normalize(target);
        var socket = SocketFor(target.AddressFamily, ct);
        if (socket is null) return;
        if (_clientPort == 0) _clientPort = from.Port;
        var dst = new IPEndPoint(target, header.DstPort);
        lock (_gate)
        {
            if (_peers.Count < MaxPeers) _peers.Add(dst);
            else if (!_peers.Contains(dst)) return;
        }
        var data = datagram[result.Consumed..];
        await socket.SendToAsync(data, SocketFlags.None, dst, ct).ConfigureAwait(false);
        Interlocked.Add(ref _up, data.Length);
        _conn.Touch();
    }

    /// <summary>
    /// The socket that reaches <paramref name="family"/>: the client-facing one, or the second socket, opened (and its
    /// receive loop started) on first use. Null when this host cannot open a socket of that family: the datagram is
    /// then one the relay cannot relay, dropped silently (§7).
    /// </summary>
    private Socket? SocketFor(AddressFamily family, CancellationToken ct)
    {
        if (family == _udp.AddressFamily) return _udp;
        lock (_gate)
        {
            if (_other is not null || _otherFailed) return _other;
            try
            {
                // Any address of the family: the route to the destination picks the source, as for a CONNECT.
                _other = BindUdp(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, _o);
            }
            catch (Exception e) when (e is SocketException or RequestFailure)
            {
                _otherFailed = true;
                return null;
            }
            _otherLoop = ReceiveLoopAsync(_other, fromClientSide: false, ct);
            return _other;
        }
    }

    private async Task ToClientAsync(IPEndPoint from, ReadOnlyMemory<byte> data, byte[] reply)
    {
        // The header names the remote as it answered: ATYP 01 for IPv4, ATYP 04 with all 16 octets for IPv6 (§7).
        var header = new Socks5UdpHeader(SocksAddress.FromIPAddress(from.Address), (ushort)from.Port);
        Socks5UdpHeader.TryWrite(header, reply, out int n);
        if (n + data.Length > reply.Length) return;
        data.CopyTo(reply.AsMemory(n));
        await _udp.SendToAsync(reply.AsMemory(0, n + data.Length), SocketFlags.None, new IPEndPoint(_clientIp, _clientPort)).ConfigureAwait(false);
        Interlocked.Add(ref _down, data.Length);
        _conn.Touch();
    }

    private async Task<IPAddress?> ResolveAsync(SocksAddress name, CancellationToken ct)
    {
        string host;
        try { host = Outbound.CheckDomain(name.Bytes.Span, _o); } catch (RequestFailure) { return null; }
        if (_lastName.Name == host) return Pick(_lastName.Addresses);
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
            budget.CancelAfter(_o.ConnectTimeout);
            // Filtered by policy per datagram, where the port is known.
            var addresses = await Outbound.ResolveAsync(host, budget.Token).ConfigureAwait(false);
            _lastName = (host, addresses);
            return Pick(addresses);
        }
        catch (Exception e) when (e is RequestFailure or OperationCanceledException) { return null; }
    }

    // Either family can be relayed; the client-facing family is preferred as it needs no second socket.
    private IPAddress? Pick(IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == _udp.AddressFamily) ?? addresses.FirstOrDefault();

    public void Dispose()
    {
        _udp.Dispose();
        lock (_gate)
        {
            _other?.Dispose();
            _otherFailed = true; // no second socket opens after the end
        }
    }
}
