using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>CONNECT, BIND and UDP ASSOCIATE, shared by SOCKS4 and SOCKS5 where the protocols agree.</summary>
internal sealed partial class ClientSession
{
    private async Task ConnectAsync(SocksAddress dst, ushort port, bool socks4)
    {
        var addresses = await ResolveAsync(dst, port).ConfigureAwait(false);
        var outbound = await Outbound.ConnectAsync(addresses, port, _o, _stop).ConfigureAwait(false);
        _conn.Own(outbound);
        // Success goes out only now that the outbound connection exists, and BND is its real local end (§6).
        var local = Outbound.Plain((IPEndPoint)outbound.LocalEndPoint!);
        await SendSuccessAsync(local, socks4).ConfigureAwait(false);
        await RelayAsync(outbound).ConfigureAwait(false);
    }

    private async Task BindAsync(SocksAddress dst, ushort port, bool socks4)
    {
        // DST names the host expected to connect (RFC 1928 §6, SOCKS4 "DSTIP"); unspecified means any allowed host.
        IPAddress[]? expected = IsUnspecified(dst) ? null : await ResolveAsync(dst, port).ConfigureAwait(false);
        var listener = BindListener.Open(BindListener.LocalFor(LocalOfClient().Address, expected), _o);
        _conn.Own(listener);
        await SendSuccessAsync(Outbound.Plain((IPEndPoint)listener.LocalEndPoint!), socks4).ConfigureAwait(false);

        var peer = await BindListener.AcceptAsync(listener, _client, _o.BindTimeout, _stop).ConfigureAwait(false);
        listener.Dispose();
        _conn.Own(peer);
        var from = Outbound.Plain((IPEndPoint)peer.RemoteEndPoint!);
        if (expected is not null ? !expected.Any(a => DestinationRule.Normalize(a).Equals(from.Address))
                                 : !_o.Policy.IsAllowed(from.Address, from.Port))
        {
            throw new RequestFailure(Socks5Rep.ConnectionNotAllowedByRuleset, $"BIND peer {from} not the expected host");
        }
        await SendSuccessAsync(from, socks4).ConfigureAwait(false);
        await RelayAsync(peer).ConfigureAwait(false);
    }

    private async Task UdpAssociateAsync(SocksAddress dst, ushort port)
    {
        // DST is where the client will send from (§6). The relay trusts the TCP peer's IP, never a declared one (§7:
        // it learns the client's IP from the server); a declared non-zero port narrows the source further.
        var clientIp = DestinationRule.Normalize(((IPEndPoint)_client.RemoteEndPoint!).Address);
        var association = UdpAssociation.Open(LocalOfClient().Address, clientIp, dst.IsIP ? port : (ushort)0, _o, _conn);
        _conn.Own(association);
        await SendSuccessAsync(association.LocalEndPoint, socks4: false).ConfigureAwait(false);
        EndHandshake();
        _conn.Relaying = true;
        _conn.Touch();
        var relay = association.RunAsync(_stop);
        await WaitForCloseAsync().ConfigureAwait(false);
        // The association ends when its TCP connection does (§6).
        association.Dispose();
        await relay.ConfigureAwait(false);
        _up = association.BytesUp;
        _down = association.BytesDown;
        _outcome = "succeeded";
    }

    private async Task WaitForCloseAsync()
    {
        var sink = new byte[64];
        try
        {
            while (await _client.ReceiveAsync(sink, SocketFlags.None).ConfigureAwait(false) > 0) { }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private async Task<IPAddress[]> ResolveAsync(SocksAddress dst, ushort port)
    {
        // An IP literal needs no lookup, and so no deadline (a timer per request is measurable in handshakes/s).
        if (dst.IsIP) return await Outbound.ResolveAllowedAsync(dst, port, _o, _stop).ConfigureAwait(false);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(_stop);
        budget.CancelAfter(_o.ConnectTimeout);
        try
        {
            return await Outbound.ResolveAllowedAsync(dst, port, _o, budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
        {
            throw new RequestFailure(Socks5Rep.HostUnreachable, "name resolution timed out");
        }
    }

    private ValueTask SendSuccessAsync(IPEndPoint bound, bool socks4)
    {
        if (!socks4) return SendSocks5SuccessAsync(bound);
        // SOCKS4 can only carry IPv4; DSTIP 0 tells the client to use the server's own address (SOCKS4 BIND).
        uint ip = bound.Address.AddressFamily == AddressFamily.InterNetwork
            ? BinaryPrimitives.ReadUInt32BigEndian(bound.Address.GetAddressBytes())
            : 0;
        return SendAsync(new Socks4Reply(Socks4Cd.RequestGranted, ip, (ushort)bound.Port));
    }
}
