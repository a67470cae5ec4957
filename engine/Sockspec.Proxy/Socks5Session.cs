using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>RFC 1928 and RFC 1929 on the server side.</summary>
internal sealed partial class ClientSession
{
    private async Task Socks5Async()
    {
        _proto = "socks5";
        var (_, greeting) = await ReadAsync<Socks5Greeting>().ConfigureAwait(false);
        byte method = ChooseMethod(greeting.Methods.Span);
        await SendAsync(new Socks5MethodSelection(method)).ConfigureAwait(false);
        if (method == (byte)Socks5Method.NoAcceptableMethods)
        {
            // RFC 1928 §3: after X'FF' the client must close; we close too and read nothing further.
            _method = "none-acceptable";
            await CloseAfterFailureAsync("no acceptable method").ConfigureAwait(false);
            return;
        }
        _method = method == (byte)Socks5Method.UsernamePassword ? "userpass" : "none";
        if (method == (byte)Socks5Method.UsernamePassword && !await AuthenticateAsync().ConfigureAwait(false)) return;

        var (result, req) = await ReadAsync<Socks5Request>().ConfigureAwait(false);
        RequestRead();
        _cmd = req.Cmd switch { 1 => "connect", 2 => "bind", 3 => "udp-associate", _ => $"cmd-0x{req.Cmd:X2}" };
        if (result.Status == ReadStatus.Invalid)
        {
            // An unknown ATYP leaves the address length unknown, so the request cannot be framed: REP 08, then close.
            await FailSocks5Async(new RequestFailure(Socks5Rep.AddressTypeNotSupported, $"unknown ATYP 0x{req.DstAddr.Atyp:X2}")).ConfigureAwait(false);
            return;
        }
        _dst = FormatDestination(req.DstAddr, req.DstPort);
        try
        {
            // Request checks in RFC order. VER must be 05 (§4); we cannot serve another version on this connection, so
            // it is a general failure. CMD outside 01-03 is REP 07, decided before any name is looked up so that the
            // code describes the command, not the address. RSV "must be X'00'" (§6): a strict server rejects anything
            // else rather than guess what the field might mean in some later version; REP 01.
            if (req.Ver != 5) throw new RequestFailure(Socks5Rep.GeneralFailure, $"request VER 0x{req.Ver:X2}");
            if (req.Cmd is 0 or > 3) throw new RequestFailure(Socks5Rep.CommandNotSupported, "command not supported");
            if (req.Rsv != 0) throw new RequestFailure(Socks5Rep.GeneralFailure, $"request RSV 0x{req.Rsv:X2}");
            switch ((Socks5Command)req.Cmd)
            {
                case Socks5Command.Connect: await ConnectAsync(req.DstAddr, req.DstPort, socks4: false).ConfigureAwait(false); break;
                case Socks5Command.Bind: await BindAsync(req.DstAddr, req.DstPort, socks4: false).ConfigureAwait(false); break;
                default: await UdpAssociateAsync(req.DstAddr, req.DstPort).ConfigureAwait(false); break;
            }
        }
        catch (RequestFailure e)
        {
            await FailSocks5Async(e).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Only a method the client offered. With users configured only 02 is acceptable (00 would bypass them); without
    /// users only 00 is (accepting 02 with no user list would make the password meaningless).
    /// </summary>
    private byte ChooseMethod(ReadOnlySpan<byte> offered)
    {
        byte wanted = _o.Users.Count > 0 ? (byte)Socks5Method.UsernamePassword : (byte)Socks5Method.NoAuthentication;
        return offered.Contains(wanted) ? wanted : (byte)Socks5Method.NoAcceptableMethods;
    }

    /// <summary>RFC 1929: VER must be 01; any failure gets STATUS 01 and a close (§2: "MUST close the connection").</summary>
    private async Task<bool> AuthenticateAsync()
    {
        var (_, req) = await ReadAsync<UsernamePasswordRequest>().ConfigureAwait(false);
        _user = req.ULen > 0 ? Escaped(req.UName.Span) : null;
        bool ok = req.Ver == 1 && req.ULen > 0 && req.PLen > 0 && CheckPassword(req.UName.Span, req.Passwd.Span);
        await SendAsync(new UsernamePasswordResponse(ok ? (byte)0 : (byte)1)).ConfigureAwait(false);
        if (ok) return true;
        await CloseAfterFailureAsync(req.Ver != 1 ? $"auth VER 0x{req.Ver:X2}" : "authentication failed").ConfigureAwait(false);
        return false;
    }

    private bool CheckPassword(ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (!_o.Users.TryGetValue(Encoding.UTF8.GetString(user), out var expected)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), password);
    }

    /// <summary>A failure reply is always the full layout with a valid ATYP (IPv4 0.0.0.0:0), then the close.</summary>
    private async Task FailSocks5Async(RequestFailure e)
    {
        try
        {
            await SendAsync(new Socks5Reply(e.Rep, SocksAddress.IPv4Any, 0)).ConfigureAwait(false);
        }
        catch (Exception x) when (x is SocketException or ObjectDisposedException) { }
        await CloseAfterFailureAsync($"rep=0x{(byte)e.Rep:X2} {e.Message}").ConfigureAwait(false);
    }

    private ValueTask SendSocks5SuccessAsync(IPEndPoint bound) =>
        SendAsync(new Socks5Reply(Socks5Rep.Succeeded, SocksAddress.FromIPAddress(bound.Address), (ushort)bound.Port));

    private static string FormatDestination(SocksAddress a, ushort port) =>
        a.Atyp == (byte)AddressType.IPv6 ? $"[{a}]:{port}" : $"{a}:{port}";

    private static bool IsUnspecified(SocksAddress a) =>
        a.ToIPAddress() is { } ip && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));
}
