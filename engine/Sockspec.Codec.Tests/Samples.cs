using System.Net;

namespace Sockspec.Codec.Tests;

/// <summary>
/// Well-formed sample messages of every type: every ATYP (IPv4, domain of length 1 and 255, IPv6) for each message
/// with an address, and the short and long edge of every variable field. None breaks a rule.
/// </summary>
public static class Samples
{
    public static readonly string Domain1 = "a";
    public static readonly string Domain255 = new string('d', 251) + ".com";

    public static IEnumerable<(string Label, SocksAddress Address)> Addresses()
    {
        yield return ("IPv4 127.0.0.1", SocksAddress.FromIPAddress(IPAddress.Loopback));
        yield return ("domain of 1 byte", SocksAddress.FromDomain(Domain1));
        yield return ("domain of 255 bytes", SocksAddress.FromDomain(Domain255));
        yield return ("IPv6 ::1", SocksAddress.FromIPAddress(IPAddress.IPv6Loopback));
    }

    public static IEnumerable<MessageCase> All()
    {
        yield return new MessageCase<Socks5Greeting>("one method", new Socks5Greeting(0x00));
        yield return new MessageCase<Socks5Greeting>("no auth and user/pass", new Socks5Greeting(0x00, 0x02));
        yield return new MessageCase<Socks5Greeting>("255 methods", new Socks5Greeting(Enumerable.Range(0, 255).Select(i => (byte)i).ToArray()));

        yield return new MessageCase<Socks5MethodSelection>("no auth", new Socks5MethodSelection(0x00));
        yield return new MessageCase<Socks5MethodSelection>("no acceptable methods", new Socks5MethodSelection(0xFF));

        yield return new MessageCase<UsernamePasswordRequest>("1-byte name and password", new UsernamePasswordRequest("u", "p"));
        yield return new MessageCase<UsernamePasswordRequest>("255-byte name and password", new UsernamePasswordRequest(new string('u', 255), new string('p', 255)));

        yield return new MessageCase<UsernamePasswordResponse>("success", new UsernamePasswordResponse(0x00));
        yield return new MessageCase<UsernamePasswordResponse>("failure", new UsernamePasswordResponse(0x01));

        foreach (var (label, address) in Addresses())
        {
            foreach (var cmd in Enum.GetValues<Socks5Command>())
                yield return new MessageCase<Socks5Request>($"{cmd} to {label}", new Socks5Request(cmd, address, 443));
            yield return new MessageCase<Socks5Reply>($"succeeded, bound to {label}", new Socks5Reply(Socks5Rep.Succeeded, address, 1080));
            yield return new MessageCase<Socks5Reply>($"refused, bound to {label}", new Socks5Reply(Socks5Rep.ConnectionRefused, address, 0));
            yield return new MessageCase<Socks5UdpHeader>($"to {label}", new Socks5UdpHeader(address, 53));
        }
        yield return new MessageCase<Socks5UdpHeader>("fragment 0x81 to IPv4", new Socks5UdpHeader(SocksAddress.IPv4Any, 53, 0x81));

        yield return new MessageCase<Socks4Request>("CONNECT with empty USERID", new Socks4Request(Socks4Command.Connect, 0x7F000001, 80));
        yield return new MessageCase<Socks4Request>("BIND with USERID", new Socks4Request(Socks4Command.Bind, 0x7F000001, 80, "alice"));
        yield return new MessageCase<Socks4Request>("CONNECT with 255-byte USERID", new Socks4Request(Socks4Command.Connect, 0x0A000001, 80, new string('x', 255)));
        yield return new MessageCase<Socks4Request>("4a CONNECT to a 1-byte name", new Socks4Request(Socks4Command.Connect, 1, 80, "", Domain1));
        yield return new MessageCase<Socks4Request>("4a CONNECT to a 255-byte name, 255-byte USERID", new Socks4Request(Socks4Command.Connect, 0xFF, 80, new string('x', 255), Domain255));

        yield return new MessageCase<Socks4Reply>("granted", new Socks4Reply(Socks4Cd.RequestGranted, 0x7F000001, 4000));
        yield return new MessageCase<Socks4Reply>("rejected", new Socks4Reply(Socks4Cd.RequestRejectedOrFailed));

        yield return new MessageCase<GssApiMessage>("context token of 3 bytes", new GssApiMessage(0x01, 3));
        yield return new MessageCase<GssApiMessage>("empty protection-level token", new GssApiMessage(0x02, 0));
        yield return new MessageCase<GssApiMessage>("abort", new GssApiMessage(GssApiMessage.AbortType, 0));
    }

    public static TheoryData<MessageCase> Theory()
    {
        var data = new TheoryData<MessageCase>();
        foreach (var c in All()) data.Add(c);
        return data;
    }
}
