using System.Net;
using System.Text;
using Sockspec.ClientSpec.Clients;
using Sockspec.ClientSpec.Harness;
using Sockspec.Codec;
using Sockspec.Proxy.Client;
using Sockspec.Model;
using Sockspec.Spec;

namespace Sockspec.ClientSpec.Tests;

/// <summary>
/// The UDP client cases can fail: a client that associates correctly but gets one thing of §7 wrong never gets its
/// answer from the scripted relay, and each case fails saying why the relay dropped the datagram.
/// </summary>
public sealed class UdpCaseTests
{
    public enum UdpFault
    {
        /// <summary>FRAG X'01' on a datagram that is not a fragment.</summary>
        FragOne,

        /// <summary>Always ATYP 01 127.0.0.1, whatever the destination (an IPv6 one included).</summary>
        AlwaysIpv4,

        /// <summary>No header at all: the bare payload.</summary>
        NoHeader,
    }

    private static readonly ClientSuiteOptions Options = new() { Timeout = TimeSpan.FromSeconds(3), Concurrency = 3 };

    private static IEnumerable<ClientCase> UdpCases => ClientCatalog.All.Where(c => c.Command == ClientCommand.UdpAssociate);

    [Theory]
    [InlineData(UdpFault.FragOne, new[] { "client/s5/udp/relay-ipv4", "client/s5/udp/ipv6-destination", "client/s5/udp/ipv6-relay" }, "FRAG is X'01'")]
    [InlineData(UdpFault.AlwaysIpv4, new[] { "client/s5/udp/ipv6-destination", "client/s5/udp/ipv6-relay" }, "where ATYP 04 takes 22")]
    [InlineData(UdpFault.NoHeader, new[] { "client/s5/udp/relay-ipv4", "client/s5/udp/ipv6-destination", "client/s5/udp/ipv6-relay" }, "the relay dropped the client's datagram")]
    public async Task A_client_that_breaks_the_datagram_header_fails_the_cases_it_breaks(UdpFault fault, string[] failing, string why)
    {
        var report = await ClientSuiteRunner.RunAsync([.. UdpCases], new BrokenUdpClient(fault), Options);
        foreach (var r in report.Results)
        {
            if (failing.Contains(r.CaseId))
            {
                Assert.True(r.Verdict == Verdict.Fail, $"{r.CaseId}: {r.Verdict.ToWire()}: {r.Actual}");
                Assert.Contains(why, string.Join("\n", r.Trace.Select(e => e.Note)) + r.Actual, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(r.Verdict == Verdict.Pass, $"{r.CaseId}: {r.Verdict.ToWire()}: {r.Actual}");
            }
        }
        Assert.Equal(3, report.Results.Count);
    }

    /// <summary>The reference client's association, with one fault in the datagram it sends.</summary>
    private sealed class BrokenUdpClient(UdpFault fault) : IClientUnderTest
    {
        public string Name => $"broken UDP client ({fault})";

        public string Reproducer(string caseId) => $"(test client {fault}) {caseId}";

        public Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct) => InProcess.RunAsync(run, ct, async token =>
        {
            var client = new SocksClient(run.Proxy, SocksVersion.Socks5) { Timeout = run.Deadline / 2 };
            using var assoc = await client.UdpAssociateAsync(null, token);
            var destination = fault == UdpFault.AlwaysIpv4 ? SocksAddress.Parse("127.0.0.1") : SocksAddress.Parse(run.Case.UdpDestination);
            var datagram = fault switch
            {
                UdpFault.NoHeader => "ping"u8.ToArray(),
                _ => Wrap(destination, (ushort)run.TargetPort, fault == UdpFault.FragOne ? (byte)1 : (byte)0),
            };
            await assoc.Udp.SendToAsync(datagram, assoc.RelayEndPoint, token);
            var (_, _, data) = await assoc.ReceiveAsync(token);
            return Encoding.ASCII.GetString(data);
        });

        private static byte[] Wrap(SocksAddress dst, ushort port, byte frag)
        {
            var buffer = new byte[Socks5UdpHeader.MaxLength + 4];
            int n = SocksUdp.Wrap(dst, port, "ping"u8, buffer, frag);
            return buffer[..n];
        }
    }
}
