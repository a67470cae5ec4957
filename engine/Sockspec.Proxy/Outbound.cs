using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>
/// Name resolution, destination policy and the outbound connect, with every failure mapped to the REP code that tells
/// the truth about it (RFC 1928 §6).
/// </summary>
internal static class Outbound
{
    /// <summary>The addresses a request names, already filtered by policy; throws <see cref="RequestFailure"/>.</summary>
    public static async Task<IPAddress[]> ResolveAllowedAsync(
        SocksAddress dst, ushort port, ServerOptions options, CancellationToken ct)
    {
        IPAddress[] candidates;
        if (dst.ToIPAddress() is { } ip)
        {
            candidates = [ip];
        }
        else
        {
            string name = CheckDomain(dst.Bytes.Span, options);
            candidates = await ResolveAsync(name, ct).ConfigureAwait(false);
        }
        var allowed = candidates.Where(a => options.Policy.IsAllowed(a, port)).ToArray();
        if (allowed.Length == 0)
            throw new RequestFailure(Socks5Rep.ConnectionNotAllowedByRuleset, "denied by destination policy");
        return allowed;
    }

    /// <summary>
    /// An empty name, one with a NUL or non-printable octet, or one over the configured limit cannot name a host that
    /// resolves, so it is "host unreachable" (04) rather than a general failure: the request itself framed fine.
    /// </summary>
    internal static string CheckDomain(ReadOnlySpan<byte> name, ServerOptions options)
    {
        if (name.Length == 0) throw new RequestFailure(Socks5Rep.HostUnreachable, "empty domain name");
        if (name.Length > options.MaxDomainLength) throw new RequestFailure(Socks5Rep.HostUnreachable, "domain name over the limit");
        foreach (byte b in name)
        {
            if (b is < 0x21 or > 0x7E) throw new RequestFailure(Socks5Rep.HostUnreachable, "domain name with a non-printable octet");
        }
        return System.Text.Encoding.ASCII.GetString(name);
    }

    internal static async Task<IPAddress[]> ResolveAsync(string name, CancellationToken ct)
    {
        // RFC 6761 §6.4: names under .invalid never resolve, and resolvers may say so without asking the network.
        if (name.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) || name.Equals("invalid", StringComparison.OrdinalIgnoreCase))
            throw new RequestFailure(Socks5Rep.HostUnreachable, "name does not resolve (.invalid)");
        try
        {
            var addrs = await Dns.GetHostAddressesAsync(name, ct).ConfigureAwait(false);
            if (addrs.Length == 0) throw new RequestFailure(Socks5Rep.HostUnreachable, "name has no addresses");
            return addrs;
        }
        catch (SocketException e)
        {
            throw new RequestFailure(Socks5Rep.HostUnreachable, $"name does not resolve ({e.SocketErrorCode})");
        }
        catch (ArgumentException)
        {
            throw new RequestFailure(Socks5Rep.HostUnreachable, "name is not a valid host name");
        }
    }

    /// <summary>Connects to the first address that answers; the last failure decides the REP code.</summary>
    public static async Task<Socket> ConnectAsync(IPAddress[] addresses, ushort port, ServerOptions options, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        RequestFailure? last = null;
        foreach (var a in addresses)
        {
            var s = new Socket(a.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await s.ConnectAsync(new IPEndPoint(a, port), timeout.Token).ConfigureAwait(false);
                return s;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                s.Dispose();
                last = new RequestFailure(Socks5Rep.TtlExpired, "connect timed out");
                break;
            }
            catch (SocketException e)
            {
                s.Dispose();
                last = new RequestFailure(RepOf(e.SocketErrorCode), $"connect failed ({e.SocketErrorCode})");
            }
            catch
            {
                s.Dispose();
                throw;
            }
        }
        throw last ?? new RequestFailure(Socks5Rep.GeneralFailure, "no address to connect to");
    }

    internal static Socks5Rep RepOf(SocketError e) => e switch
    {
        SocketError.ConnectionRefused => Socks5Rep.ConnectionRefused,
        SocketError.HostUnreachable or SocketError.HostDown or SocketError.HostNotFound or SocketError.NoData => Socks5Rep.HostUnreachable,
        SocketError.NetworkUnreachable or SocketError.NetworkDown => Socks5Rep.NetworkUnreachable,
        SocketError.TimedOut => Socks5Rep.TtlExpired,
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported => Socks5Rep.AddressTypeNotSupported,
        SocketError.AccessDenied => Socks5Rep.ConnectionNotAllowedByRuleset,
        _ => Socks5Rep.GeneralFailure,
    };

    /// <summary>An IPv4-mapped IPv6 endpoint is reported as the IPv4 endpoint it is, so a reply uses ATYP 01.</summary>
    public static IPEndPoint Plain(IPEndPoint ep) =>
        ep.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(ep.Address.MapToIPv4(), ep.Port) : ep;
}
