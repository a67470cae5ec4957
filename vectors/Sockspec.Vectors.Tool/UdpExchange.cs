using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Vectors.Tool;

/// <summary>
/// Records one UDP ASSOCIATE exchange as a socks5-udp vector: the reference client associates over TCP, sends one
/// datagram to a UDP echo this tool runs on loopback ([::1] or 127.0.0.1), and receives the echo back through the
/// proxy's relay. The TCP recorder never sees datagrams (they go to the relay's own address), so the two datagrams are
/// recorded where they are whole and exact: at the client's own UDP socket, as sent and as received.
/// </summary>
internal static class UdpExchange
{
    /// <summary>A datagram larger than this is cut off by the receive (the echo of "ping" is a few dozen bytes).</summary>
    private const int MaxDatagram = 4096;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>udp-exchange HOST:PORT OUT-ROOT ID IMPLEMENTATION IMPLEMENTATION-VERSION ipv6|ipv4 [USER PASS]</summary>
    public static async Task<int> RunAsync(string[] a)
    {
        if (!IPEndPoint.TryParse(a[0], out var proxy) || !IPAddress.IsLoopback(proxy.Address) || a[5] is not ("ipv6" or "ipv4"))
        {
            Console.Error.WriteLine("proxy must be a loopback ADDR:PORT and the family ipv6 or ipv4");
            return 2;
        }
        var echoAddress = a[5] == "ipv6" ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var echo = new Socket(echoAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        echo.Bind(new IPEndPoint(echoAddress, 0));
        var echoEnd = (IPEndPoint)echo.LocalEndPoint!;
        var echoed = EchoOnceAsync(echo, cts.Token);

        var client = new SocksClient(proxy, SocksVersion.Socks5)
        {
            UserName = a.Length == 8 ? a[6] : null,
            Password = a.Length == 8 ? a[7] : null,
            Timeout = Deadline,
        };
        try
        {
            using var assoc = await client.UdpAssociateAsync(null, cts.Token);
            var sent = SocksUdp.Wrap(SocksAddress.FromIPAddress(echoAddress), (ushort)echoEnd.Port, "ping"u8);
            await assoc.Udp.SendToAsync(sent, assoc.RelayEndPoint, cts.Token);
            var buffer = new byte[MaxDatagram];
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            wait.CancelAfter(Deadline);
            var got = await assoc.Udp.ReceiveFromAsync(buffer, new IPEndPoint(assoc.RelayEndPoint.Address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), wait.Token);
            var from = (IPEndPoint)got.RemoteEndPoint;
            var echoSource = await echoed;
            var local = (IPEndPoint)assoc.Udp.LocalEndPoint!;
            var vector = new Vector(a[2], Protocol.Socks5Udp,
            [
                new("implementation", a[3]),
                new("implementation-version", a[4]),
                new("client", "sockspec-client"),
                new("client-version", "sockspec reference client (this checkout)"),
                new("roles", $"client sockspec-client (UDP {local}), server {a[3]}'s UDP relay ({from})"),
                new("destination", $"UDP echo {echoEnd} run by the recording tool; the relay reached it from {echoSource}"),
                new("association", $"UDP ASSOCIATE over TCP to {proxy}, DST = the client's UDP socket {local}, BND = {assoc.RelayEndPoint}"),
                new("command", $"sockspec-vectors udp-exchange PROXY <root> {a[2]} {a[3]} <version> {a[5]}" + (a.Length == 8 ? " USER PASS" : "")),
                new("date", DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new("recorded", "at the client's UDP socket: each datagram whole, as sent and as received"),
            ],
            [new Segment(Direction.ClientToServer, sent), new Segment(Direction.ServerToClient, buffer[..got.ReceivedBytes])]);
            Console.WriteLine(VectorFile.Save(vector, a[1]));
            return 0;
        }
        catch (Exception e) when (e is SocksProtocolException or SocketException or IOException or OperationCanceledException)
        {
            Console.WriteLine($"failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>Answers the first datagram with its own payload; returns where it came from (the relay's outbound side).</summary>
    private static async Task<IPEndPoint> EchoOnceAsync(Socket echo, CancellationToken ct)
    {
        var buffer = new byte[MaxDatagram];
        var got = await echo.ReceiveFromAsync(buffer, new IPEndPoint(echo.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), ct);
        await echo.SendToAsync(buffer.AsMemory(0, got.ReceivedBytes), got.RemoteEndPoint, ct);
        return (IPEndPoint)got.RemoteEndPoint;
    }
}
