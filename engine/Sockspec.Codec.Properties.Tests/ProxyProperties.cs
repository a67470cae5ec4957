using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using Sockspec.Codec;
using Sockspec.Proxy.Client;
using Xunit.Abstractions;

namespace Sockspec.Codec.Properties.Tests;

/// <summary>
/// The reference proxy on loopback: every valid request answered as RFC 1928 says, every broken one with the right
/// failure reply or a close within the handshake deadline, and the reference client completing every valid handshake
/// with it. Bounded: 100 cases each, every wait under <see cref="Loopback.Deadline"/>. Each property's distribution
/// is written to the test output; a failure throws with the counterexample and the replay seed.
/// </summary>
public class ProxyProperties(ITestOutputHelper output)
{
    private void Run(Property p, int maxTest = 100) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithRunner(new FsCheck.Xunit.TestOutputRunner(output)), p);

    private static bool Sync(Func<Task<bool>> f) => Task.Run(f).GetAwaiter().GetResult();

    [Fact]
    public async Task The_reference_proxy_answers_every_valid_request_as_the_RFC_says()
    {
        await using var l = await Loopback.StartAsync();
        Run(Prop.ForAll(ProxyCases.ValidArb, d =>
            Sync(() => ValidAsync(l, d)).Label(d.ToString())
                .Collect(d.Ask.ToString())
                .Classify(d.Auth, "username/password")
                .Classify(d.Pipelined, "pipelined")
                .Classify(d.Methods.Length > 100, "over 100 methods offered")));
    }

    private static async Task<bool> ValidAsync(Loopback l, ValidDialog d)
    {
        using var s = await Wire.ConnectAsync((d.Auth ? l.WithUser : l.Open).Endpoints[0]);
        var greeting = Wire.Encode(new Socks5Greeting(d.Methods));
        var login = d.Auth ? Wire.Encode(new UsernamePasswordRequest(Loopback.User, Loopback.Password)) : [];
        var request = Wire.Encode(d.Request(l));
        var inbox = new List<byte>();
        if (d.Pipelined) await Wire.SendInPiecesAsync(s, [.. greeting, .. login, .. request], d.Cuts);
        else await Wire.SendInPiecesAsync(s, greeting, d.Cuts);
        if (await Wire.ReadAsync<Socks5MethodSelection>(s, inbox) is not { } sel || sel.Method != (d.Auth ? 2 : 0)) return false;
        if (d.Auth)
        {
            if (!d.Pipelined) await s.SendAsync(login);
            if (await Wire.ReadAsync<UsernamePasswordResponse>(s, inbox) is not { Status: 0, Ver: 1 }) return false;
        }
        if (!d.Pipelined) await s.SendAsync(request);
        if (await Wire.ReadAsync<Socks5Reply>(s, inbox) is not { } reply || reply.Rep != (byte)d.ExpectedRep) return false;
        if (d.Ask is not (Ask.ConnectIPv4 or Ask.ConnectIPv6 or Ask.ConnectDomain)) return true;
        // Success means a working connection: bytes come back from the echo destination.
        await s.SendAsync("ping"u8.ToArray());
        var echo = new byte[4];
        using var cts = new CancellationTokenSource(Loopback.Deadline);
        int got = 0;
        if (inbox.Count > 0) { inbox.CopyTo(0, echo, 0, Math.Min(4, inbox.Count)); got = Math.Min(4, inbox.Count); }
        while (got < 4)
        {
            int n = await s.ReceiveAsync(echo.AsMemory(got), cts.Token);
            if (n == 0) return false;
            got += n;
        }
        return echo.AsSpan().SequenceEqual("ping"u8);
    }

    [Fact]
    public async Task The_reference_proxy_answers_every_broken_request_with_the_right_failure_or_a_close_within_its_deadline()
    {
        await using var l = await Loopback.StartAsync();
        var deadline = Loopback.HandshakeTimeout + TimeSpan.FromSeconds(2);
        Run(Prop.ForAll(Shrinkable.Arbitrary(ProxyCases.Invalid(l)), dialog =>
        {
            var d = dialog.Value;
            return Sync(async () =>
            {
                using var s = await Wire.ConnectAsync((d.Auth ? l.WithUser : l.Open).Endpoints[0]);
                var inbox = new List<byte>();
                if (d.Before.Length > 0)
                {
                    await s.SendAsync(d.Before);
                    if (await Wire.ReadAsync<Socks5MethodSelection>(s, inbox) is not { } sel || sel.Method != (d.Auth ? 2 : 0)) return false;
                    if (d.Auth && d.Rule.StartsWith("Request", StringComparison.Ordinal))
                    {
                        await s.SendAsync(Wire.Encode(new UsernamePasswordRequest(Loopback.User, Loopback.Password)));
                        if (await Wire.ReadAsync<UsernamePasswordResponse>(s, inbox) is not { Status: 0 }) return false;
                    }
                }
                await s.SendAsync(d.Broken);
                var (answer, closed) = await Wire.ReadToCloseAsync(s, deadline);
                return closed && d.AcceptableAnswer([.. inbox, .. answer]);
            }).Label(d.ToString()).Collect(d.Rule);
        }));
    }

    /// <summary>A valid handshake for the reference client: version, authentication, command and destination.</summary>
    internal sealed record ClientCase(SocksVersion Version, string? User, string? Password, string Command, string Host)
    {
        public override string ToString() => $"{Version} {Command} {Host} {(User is null ? "no auth" : $"user of {User.Length} chars" + (Password is null ? "" : $", password of {Password.Length}"))}";
    }

    private static Gen<string> Printable(int min) =>
        from n in Gen.Frequency((1, Gen.Constant(min)), (1, Gen.Constant(255)), (4, Gen.Choose(min, 255)))
        from cs in Gen.ArrayOf(Gen.Choose(0x21, 0x7E).Select(i => (char)i), n)
        select new string(cs);

    internal static Gen<ClientCase> ClientCases =>
        Gen.OneOf(
            from auth in Gen.Elements(false, true)
            from u in Printable(1)
            from p in Printable(1)
            from cmd in Gen.Elements("connect", "bind", "udp")
            from host in Gen.Elements("127.0.0.1", "::1", "localhost")
            select new ClientCase(SocksVersion.Socks5, auth ? u : null, auth ? p : null, cmd, host),
            from v in Gen.Elements(SocksVersion.Socks4, SocksVersion.Socks4a)
            from auth in Gen.Elements(false, true)
            from u in Printable(1)
            from cmd in Gen.Elements("connect", "bind")
            select new ClientCase(v, auth ? u : null, null, cmd, Socks4Host(v, cmd)));

    // SOCKS4a sends a name only for CONNECT; its BIND (and all of SOCKS4) names an address.
    private static string Socks4Host(SocksVersion v, string cmd) => v == SocksVersion.Socks4a && cmd == "connect" ? "localhost" : "127.0.0.1";

    /// <summary>
    /// Smaller valid cases: no credentials, then shorter ones (1 character, half, one less), CONNECT, and for SOCKS5
    /// 127.0.0.1; the version is kept (a counterexample is about one protocol).
    /// </summary>
    internal static IEnumerable<ClientCase> ShrinkClientCase(ClientCase c)
    {
        static IEnumerable<string> Shorter(string s) =>
            Shrinkers.Field(System.Text.Encoding.ASCII.GetBytes(s), 1, (byte)'!').Select(b => System.Text.Encoding.ASCII.GetString(b));
        if (c.User is not null) yield return c with { User = null, Password = null };
        if (c.User is not null) foreach (var u in Shorter(c.User)) yield return c with { User = u };
        if (c.Password is not null) foreach (var p in Shorter(c.Password)) yield return c with { Password = p };
        if (c.Command != "connect")
            yield return c with { Command = "connect", Host = c.Version == SocksVersion.Socks5 ? c.Host : Socks4Host(c.Version, "connect") };
        if (c.Version == SocksVersion.Socks5 && c.Host != "127.0.0.1") yield return c with { Host = "127.0.0.1" };
    }

    [Fact]
    public async Task The_reference_client_and_server_complete_every_valid_handshake_with_each_other()
    {
        await using var l = await Loopback.StartAsync();
        Run(Prop.ForAll(Arb.From(ClientCases, ShrinkClientCase), c =>
            Sync(() => ClientAsync(l, c)).Label(c.ToString())
                .Collect($"{c.Version} {c.Command}")
                .Classify(c.User is not null, "with credentials")));
    }

    private static async Task<bool> ClientAsync(Loopback l, ClientCase c)
    {
        // Credentials: the server knows exactly this user (SOCKS5: its password; SOCKS4: the USERID must name it).
        var options = Loopback.Options(c.User is null ? null : (c.User, c.Password ?? "unused-password"));
        await using var server = await Sockspec.Proxy.ReferenceServer.StartAsync(options);
        var client = new SocksClient(server.Endpoints[0], c.Version)
        {
            UserName = c.User, Password = c.Password, Timeout = Loopback.Deadline, BindTimeout = Loopback.Deadline,
        };
        using var cts = new CancellationTokenSource(Loopback.Deadline * 2);
        switch (c.Command)
        {
            case "connect":
            {
                using var conn = await client.ConnectAsync(c.Host, l.EchoPort, cts.Token);
                await conn.Stream.WriteAsync("ping"u8.ToArray(), cts.Token);
                var buf = new byte[4];
                await conn.Stream.ReadExactlyAsync(buf, cts.Token);
                return buf.AsSpan().SequenceEqual("ping"u8);
            }
            case "bind":
            {
                using var bind = await client.BindAsync(SocksAddress.Parse("127.0.0.1"), 0, cts.Token);
                var ip = bind.ListenAddress.ToIPAddress() is { } a && !a.Equals(IPAddress.Any) ? a : IPAddress.Loopback;
                using var peer = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await peer.ConnectAsync(new IPEndPoint(ip, bind.ListenPort), cts.Token);
                using var accepted = await bind.AcceptAsync(cts.Token);
                await peer.SendAsync("pong"u8.ToArray(), cts.Token);
                var buf = new byte[4];
                await accepted.Stream.ReadExactlyAsync(buf, cts.Token);
                return buf.AsSpan().SequenceEqual("pong"u8);
            }
            default:
            {
                using var assoc = await client.UdpAssociateAsync(null, cts.Token);
                var echo = (IPEndPoint)l.UdpEcho.LocalEndPoint!;
                await assoc.SendAsync(SocksAddress.FromIPAddress(echo.Address), (ushort)echo.Port, "dgram"u8.ToArray(), cts.Token);
                var (_, _, data) = await assoc.ReceiveAsync(cts.Token);
                return data.AsSpan().SequenceEqual("dgram"u8);
            }
        }
    }
}
