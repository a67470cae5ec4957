using Sockspec.Targets;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Runner.Fixtures;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>The IPv6 steps cases share: reaching the target over ::1, an echo on ::1, and whether the target refuses ATYP 04.</summary>
public sealed partial class CaseContext
{
    /// <summary>
    /// A context whose target is the same proxy reached over ::1, so that every step (greeting, login, ASSOCIATE, BIND)
    /// runs on an IPv6 connection. A target given as an IPv6 address is used as it is; a target on 127.0.0.1 is tried
    /// at [::1] on the same port. When nothing accepts there the case is skipped with the reason: the suite cannot
    /// know another IPv6 address of the target, and a case it could not run must never pass.
    /// </summary>
    public async Task<CaseContext> OverIpv6Async(CancellationToken ct)
    {
        if (Target.AddressFamily == AddressFamily.InterNetworkV6) return this;
        if (!IPAddress.IsLoopback(Target.Address))
            throw new CaseAbort(Verdict.Skipped, $"the target is {Target}, and the suite knows no IPv6 address of it; give --target [::1]:port (or an IPv6 address) to run the IPv6-client cases");
        var v6 = new IPEndPoint(IPAddress.IPv6Loopback, Target.Port);
        using (var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(Timeout);
            try
            {
                await probe.ConnectAsync(v6, cts.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                string why = e is SocketException se ? se.SocketErrorCode.ToString() : "timeout";
                Note($"connect to {v6} failed ({why}): the target does not listen on ::1");
                throw new CaseAbort(Verdict.Skipped,
                    $"the target listens on {Target} but nothing accepts on {v6} ({why}); start it on ::1 at the same port too, or give --target [::1]:port, to run the IPv6-client cases");
            }
        }
        Note($"{v6} accepts: the steps below reach the target over IPv6");
        var over = new CaseContext(v6, Credentials, Features, Fixtures, Trace, Timeout);
        lock (_owned) _owned.Add(over);
        return over;
    }

    /// <summary>A UDP echo on ::1 for this case alone (disposed with the case); skipped on a machine without ::1.</summary>
    public UdpEcho UdpEchoV6()
    {
        UdpEcho echo;
        try
        {
            echo = new UdpEcho(IPAddress.IPv6Loopback);
        }
        catch (SocketException e)
        {
            throw new CaseAbort(Verdict.Skipped, $"cannot bind a UDP socket on ::1 on this machine ({e.SocketErrorCode})");
        }
        lock (_owned) _owned.Add(echo);
        Note($"udp echo on {echo.EndPoint}");
        return echo;
    }

    /// <summary>A UDP socket on ::1; skipped on a machine without ::1.</summary>
    public TracedUdp UdpV6()
    {
        try
        {
            return Udp(IPAddress.IPv6Loopback);
        }
        catch (SocketException e)
        {
            throw new CaseAbort(Verdict.Skipped, $"cannot bind a UDP socket on ::1 on this machine ({e.SocketErrorCode})");
        }
    }

    /// <summary>The RFC 1928 §7 header that sends a datagram to <paramref name="to"/> (ATYP 04 with 16 octets for IPv6).</summary>
    public static Socks5UdpHeader UdpHeaderTo(IPEndPoint to, byte frag = 0) =>
        new(SocksAddress.FromIPAddress(to.Address), (ushort)to.Port, frag);

    /// <summary>
    /// Whether the target refuses IPv6 addresses the way RFC 1928 §6 defines: a CONNECT to the echo fixture on ::1
    /// answered with REP 08 (address type not supported). Only that makes an IPv6 gap "unsupported"; a target that
    /// connects to ::1 but drops IPv6 datagrams has no such excuse.
    /// </summary>
    public async Task<bool> RefusesIpv6Async(CancellationToken ct)
    {
        if (Fixtures.Echo.V6 is not { } echo6) return false;
        var o = await RequestAsync(Connect(SocksAddress.FromIPAddress(echo6.Address), echo6.Port), ct, relay: false);
        bool refused = o.Is<Socks5Reply>(r => r.Rep == (byte)Socks5Rep.AddressTypeNotSupported);
        Note($"CONNECT to {echo6} (is ATYP 04 refused with REP 08?): {o.Describe()}");
        return refused;
    }

    /// <summary>
    /// <see cref="AssociateAsync"/> for a client whose declared source is IPv6 (ATYP 04): a REP 08 refuses that address
    /// type the RFC way, so the case is unsupported rather than an error of the suite.
    /// </summary>
    public async Task<UdpAssociation> AssociateIpv6Async(TracedUdp udp, CancellationToken ct)
    {
        var conn = await OpenSocks5Async(ct);
        await conn.SendAsync(new Socks5Request(Socks5Command.UdpAssociate,
            SocksAddress.FromIPAddress(udp.LocalEndPoint.Address), (ushort)udp.LocalEndPoint.Port), ct);
        var reply = await conn.ReadMessageAsync<Socks5Reply>(null, ct);
        if (reply.IsMessage && reply.Message.Rep is (byte)Socks5Rep.AddressTypeNotSupported or (byte)Socks5Rep.CommandNotSupported)
            throw new CaseAbort(Verdict.Unsupported, $"UDP ASSOCIATE declaring {udp.LocalEndPoint} answered {reply.Describe()}");
        if (!reply.IsMessage || reply.Message.Rep != 0)
            throw new CaseAbort(Verdict.Error, $"UDP ASSOCIATE before the tested step broke (judged by rfc1928/6/udp-ipv6-client-reply): {reply.Describe()}");
        return new UdpAssociation(conn, reply, Dialable(reply.Message.BndAddr, reply.Message.BndPort));
    }
}
