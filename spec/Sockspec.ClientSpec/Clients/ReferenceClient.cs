using System.Text;
using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using Sockspec.Proxy.Client;

namespace Sockspec.ClientSpec.Clients;

/// <summary>
/// The project's own client library (engine/Sockspec.Proxy SocksClient) run in-process: CONNECT and an HTTP GET,
/// BIND and the peer's data, or UDP ASSOCIATE and one datagram each way, as the case asks. Its reply timeout is half
/// the case deadline, so a silent server shows its own give-up path rather than the suite's kill.
/// </summary>
public sealed class ReferenceClient(SocksVersion version, string? user = null, string? password = null) : IClientUnderTest
{
    public string Name => $"reference client ({version}{(user is null ? "" : ", username/password")})";

    public string Reproducer(string caseId) =>
        $"sockspec clients --client reference-{version.ToString().ToLowerInvariant()}{(user is null ? "" : "-userpass")} --cases '{caseId}'";

    public Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct) => InProcess.RunAsync(run, ct, async token =>
    {
        var client = new SocksClient(run.Proxy, version)
        {
            UserName = user,
            Password = password,
            Timeout = run.Deadline / 2,
            BindTimeout = run.Deadline / 2,
        };
        if (version == SocksVersion.Socks4 && run.TargetHost != "localhost")
            throw new NotSupportedException("SOCKS4 carries no names, and the suite does not resolve test names off the machine");
        if (run.Case.Command == ClientCommand.Bind)
        {
            using var bind = await client.BindAsync(version == SocksVersion.Socks5 ? SocksAddress.Parse("127.0.0.1") : SocksAddress.Parse("127.0.0.1"), (ushort)run.TargetPort, token);
            using var peer = await bind.AcceptAsync(token);
            return $"bound at {bind.ListenAddress}:{bind.ListenPort}, peer {peer.BoundAddress}:{peer.BoundPort}\n" + await InProcess.ReadToEndAsync(peer.Stream, token);
        }
        // SOCKS4 has no UDP ASSOCIATE: that client does what it can, a CONNECT, and the SOCKS5-only case skips it.
        if (run.Case.Command == ClientCommand.UdpAssociate && version == SocksVersion.Socks5)
        {
            using var assoc = await client.UdpAssociateAsync(null, token);
            await assoc.SendAsync(SocksAddress.Parse(run.Case.UdpDestination), (ushort)run.TargetPort, "ping"u8.ToArray(), token);
            var (from, port, data) = await assoc.ReceiveAsync(token);
            return $"associated, relay {assoc.RelayEndPoint}; a datagram from {from}:{port}\n" + Encoding.ASCII.GetString(data);
        }
        using var conn = await client.ConnectAsync(run.TargetHost, run.TargetPort, token);
        await conn.Stream.WriteAsync(Encoding.ASCII.GetBytes(run.HttpRequest), token);
        return await InProcess.ReadToEndAsync(conn.Stream, token);
    });
}
