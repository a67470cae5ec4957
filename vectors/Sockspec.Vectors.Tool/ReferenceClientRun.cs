using System.Net;
using System.Net.Sockets;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.Vectors.Tool;

/// <summary>
/// The reference client as a recorded client: CONNECT (sends a line of HTTP), BIND (connects to the announced address
/// itself so that the second reply comes) or UDP ASSOCIATE (one datagram to the destination, then close).
/// </summary>
internal static class ReferenceClientRun
{
    public static async Task<int> RunAsync(string[] a)
    {
        if (!IPEndPoint.TryParse(a[0], out var proxy) || !IPAddress.IsLoopback(proxy.Address) || !ushort.TryParse(a[4], out ushort port))
        {
            Console.Error.WriteLine("proxy must be a loopback ADDR:PORT and DST-PORT a port");
            return 2;
        }
        var version = a[1] switch { "socks4" => SocksVersion.Socks4, "socks4a" => SocksVersion.Socks4a, _ => SocksVersion.Socks5 };
        var client = new SocksClient(proxy, version)
        {
            UserName = a.Length == 7 ? a[5] : null,
            Password = a.Length == 7 ? a[6] : null,
            Timeout = TimeSpan.FromSeconds(5),
            BindTimeout = TimeSpan.FromSeconds(5),
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            switch (a[2])
            {
                case "connect":
                {
                    using var c = await client.ConnectAsync(a[3], port, cts.Token);
                    await c.Stream.WriteAsync("GET /hello.txt HTTP/1.0\r\n\r\n"u8.ToArray(), cts.Token);
                    var buf = new byte[512];
                    int n = await c.Stream.ReadAsync(buf, cts.Token);
                    Console.WriteLine($"connected; {n} bytes back");
                    break;
                }
                case "bind":
                {
                    using var bind = await client.BindAsync(SocksAddress.Parse(a[3]), port, cts.Token);
                    var target = bind.ListenAddress.ToIPAddress() is { } ip && !ip.Equals(IPAddress.Any) ? ip : proxy.Address;
                    using var peer = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    await peer.ConnectAsync(new IPEndPoint(target, bind.ListenPort), cts.Token);
                    using var accepted = await bind.AcceptAsync(cts.Token);
                    Console.WriteLine($"bound {bind.ListenAddress}:{bind.ListenPort}; peer {accepted.BoundAddress}:{accepted.BoundPort}");
                    break;
                }
                case "udp":
                {
                    using var assoc = await client.UdpAssociateAsync(null, cts.Token);
                    await assoc.SendAsync(SocksAddress.Parse(a[3]), port, "ping"u8.ToArray(), cts.Token);
                    Console.WriteLine($"associated; relay {assoc.RelayEndPoint}");
                    break;
                }
                default:
                    Console.Error.WriteLine("COMMAND must be connect, bind or udp");
                    return 2;
            }
            return 0;
        }
        catch (Exception e) when (e is SocksProtocolException or SocketException or IOException or OperationCanceledException)
        {
            Console.WriteLine($"failed: {e.Message}");
            return 1;
        }
    }
}
