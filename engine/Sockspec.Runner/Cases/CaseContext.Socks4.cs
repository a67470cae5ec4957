using Sockspec.Targets;
using System.Buffers.Binary;
using System.Net;
using Sockspec.Codec;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>The SOCKS4/4a steps cases share.</summary>
public sealed partial class CaseContext
{
    /// <summary>The USERID a SOCKS4 request carries: the run's user (a server with users may require it) or "sockspec".</summary>
    public string UserId => Credentials?.User ?? "sockspec";

    public static uint Ipv4(IPAddress ip) => BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());

    public static IPAddress Ipv4(uint ip)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, ip);
        return new IPAddress(b);
    }

    public Socks4Request Socks4ConnectEcho() => new(Socks4Command.Connect, Ipv4(IPAddress.Loopback), EchoPort, UserId);

    public Socks4Request Socks4aConnect(string host, int port) => new(Socks4Command.Connect, 1, (ushort)port, UserId, host);

    public Task<Observation> Socks4Async(Socks4Request request, CancellationToken ct, bool relay = true) =>
        Socks4RawAsync(Bytes(request), ct, relay);

    /// <summary>Sends <paramref name="bytes"/> on a fresh connection and judges the SOCKS4 reply like <see cref="ReplyAsync"/>.</summary>
    public async Task<Observation> Socks4RawAsync(byte[] bytes, CancellationToken ct, bool relay = true)
    {
        var conn = await ConnectAsync(ct);
        await conn.SendAsync(bytes, ct);
        return await Socks4ReplyAsync(conn, ct, relay);
    }

    public Task<Observation> Socks4ReplyAsync(TracedConnection conn, CancellationToken ct, bool relay = true, string step = "reply") =>
        AnswerAsync<Socks4Reply>(conn, r => r.Cd == (byte)Socks4Cd.RequestGranted, ct, relay, step);

    /// <summary>A SOCKS4 request's bytes without the final NUL of USERID, so that a case can append a longer field.</summary>
    public static byte[] WithoutLastNul(in Socks4Request r)
    {
        var b = Bytes(r);
        return b[..^1];
    }
}
