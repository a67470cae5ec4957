using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Sockspec.Codec;

namespace Sockspec.Proxy;

/// <summary>SOCKS4 and SOCKS4a on the server side. Every refusal is CD 91 (the only failure code not about identd).</summary>
internal sealed partial class ClientSession
{
    private async Task Socks4Async()
    {
        _proto = "socks4";
        _method = "userid";
        var (result, req) = await ReadAsync<Socks4Request>().ConfigureAwait(false);
        RequestRead();
        _cmd = req.Cd switch { 1 => "connect", 2 => "bind", _ => $"cmd-0x{req.Cd:X2}" };
        try
        {
            // A USERID or 4a hostname without its NUL inside the codec's bound cannot be framed: refuse and close.
            if (result.Status == ReadStatus.Invalid)
                throw new RequestFailure(Socks5Rep.GeneralFailure, result.Error == FramingError.UserIdTooLong ? "USERID too long" : "hostname too long");
            if (req.IsSocks4a) _proto = "socks4a";
            _user = req.UserId.IsEmpty ? null : Escaped(req.UserId.Span);
            if (!_o.EnableSocks4) throw new RequestFailure(Socks5Rep.ConnectionNotAllowedByRuleset, "SOCKS4 disabled");
            if (req.Cd is not (1 or 2)) throw new RequestFailure(Socks5Rep.CommandNotSupported, "command not supported");
            if (req.UserId.Length > _o.MaxUserIdLength) throw new RequestFailure(Socks5Rep.GeneralFailure, "USERID over the limit");
            // SOCKS4 has no password. With users configured, the USERID must name one of them; the SOCKS4 document
            // lets the server decide on USERID (S4-CONN-01). Deployments that need passwords set EnableSocks4 = false.
            if (_o.Users.Count > 0 && !_o.Users.ContainsKey(Encoding.UTF8.GetString(req.UserId.Span)))
                throw new RequestFailure(Socks5Rep.ConnectionNotAllowedByRuleset, "USERID is not a configured user");
            SocksAddress dst;
            if (req.IsSocks4a)
            {
                // 0.0.0.x with x != 0: the name follows the USERID (SOCKS4a); an empty one names no host.
                dst = new SocksAddress((byte)AddressType.DomainName, req.Hostname.Span);
            }
            else
            {
                // 0.0.0.0 is not a 4a marker (S4A-06) and not a host either.
                if (req.DstIp == 0) throw new RequestFailure(Socks5Rep.HostUnreachable, "DSTIP 0.0.0.0");
                Span<byte> ip = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(ip, req.DstIp);
                dst = new SocksAddress((byte)AddressType.IPv4, ip);
            }
            _dst = $"{dst}:{req.DstPort}";
            if (req.Cd == (byte)Socks4Command.Connect) await ConnectAsync(dst, req.DstPort, socks4: true).ConfigureAwait(false);
            else await BindAsync(dst, req.DstPort, socks4: true).ConfigureAwait(false);
        }
        catch (RequestFailure e)
        {
            try
            {
                await SendAsync(new Socks4Reply(Socks4Cd.RequestRejectedOrFailed)).ConfigureAwait(false);
            }
            catch (Exception x) when (x is SocketException or ObjectDisposedException) { }
            await CloseAfterFailureAsync($"cd=91 {e.Message}").ConfigureAwait(false);
        }
    }
}
