using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// The UDP relay of one UDP ASSOCIATE (RFC 1928 §7). Datagrams from the client (its TCP peer's IP, and the port it
/// declared, or else the first port it sends from) lose their header and go to DST; datagrams from a host the client
/// has sent to come back with the header. Anything else, FRAG != 0, bad headers and denied destinations are dropped
/// silently, as §7 says.
/// </summary>
internal sealed class UdpAssociation : IDisposable
{
    // A remote may answer only once the client has sent to it; the set is bounded so a client cannot grow it forever.
    private const int MaxPeers = 1024;

    private readonly Socket _udp;
    private readonly IPAddress _clientIp;
    private readonly ServerOptions _o;
    private readonly Connection _conn;
    private readonly HashSet<IPEndPoint> _peers = [];
    private int _clientPort;
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

    public static UdpAssociation Open(IPAddress local, IPAddress clientIp, int declaredPort, ServerOptions o, Connection conn)
    {
        var udp = RelayPorts.Bind(o, port =>
        {
            var s = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                s.Bind(new IPEndPoint(local, port));
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
        return new UdpAssociation(udp, clientIp, declaredPort, o, conn);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var buffer = new byte[65536];
        var reply = new byte[65536 + Socks5UdpHeader.MaxLength];
        EndPoint any = new IPEndPoint(_udp.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var r = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, ct).ConfigureAwait(false);
                var from = Outbound.Plain((IPEndPoint)r.RemoteEndPoint);
                try
                {
                    if (_peers.Contains(from) && _clientPort != 0)
                        await ToClientAsync(from, buffer.AsMemory(0, r.ReceivedBytes), reply).ConfigureAwait(false);
                    else if (from.Address.Equals(_clientIp) && (_clientPort == 0 || _clientPort == from.Port))
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

    private async Task FromClientAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, CancellationToken ct)
    {
        var result = Socks5UdpHeader.TryRead(datagram.Span, out var header);
        // FRAG != 0: we do not reassemble, so §7 requires the drop. Unframeable or truncated headers are dropped too.
        if (!result.IsDone || header.Frag != 0) return;
        IPAddress? target = header.DstAddr.ToIPAddress();
        if (target is null && header.DstAddr.Atyp == (byte)AddressType.DomainName)
            target = await ResolveAsync(header.DstAddr, ct).ConfigureAwait(false);
        if (target is null || !_o.Policy.IsAllowed(target, header.DstPort)) return;
        if (_clientPort == 0) _clientPort = from.Port;
        target = Convert(target);
        if (target.AddressFamily != _udp.AddressFamily) return;
        var dst = new IPEndPoint(target, header.DstPort);
        if (_peers.Count < MaxPeers) _peers.Add(Outbound.Plain(dst));
        else if (!_peers.Contains(Outbound.Plain(dst))) return;
        var data = datagram[result.Consumed..];
        await _udp.SendToAsync(data, SocketFlags.None, dst, ct).ConfigureAwait(false);
        Interlocked.Add(ref _up, data.Length);
        _conn.Touch();
    }

    private async Task ToClientAsync(IPEndPoint from, ReadOnlyMemory<byte> data, byte[] reply)
    {
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

    private IPAddress? Pick(IPAddress[] addresses) =>
        addresses.FirstOrDefault(a => a.AddressFamily == _udp.AddressFamily) ?? addresses.FirstOrDefault();

    // An IPv4 relay socket can reach a v4-mapped destination as plain IPv4; other family mismatches are dropped.
    private IPAddress Convert(IPAddress a) =>
        _udp.AddressFamily == AddressFamily.InterNetwork && a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    public void Dispose() => _udp.Dispose();
}
