using System.Net;
using Sockspec.Runner.Fixtures;

namespace Sockspec.Spec.Deviations;

/// <summary>
/// Unsupported features must be signalled (REP 07, CD 91), not answered with a silent close (OpenSSH for BIND, UDP and
/// bad ATYPs; glider for BIND); and REP codes must follow the cause (armon resolved names before dispatching CMD).
/// </summary>
internal static class Signalling
{
    private const string Section = "RFC 1928 §6";

    public static IEnumerable<SocksCase> Cases()
    {
        foreach (var (name, cmd) in new[] { ("bind", Socks5Command.Bind), ("udp", Socks5Command.UdpAssociate) })
        {
            // Unsupported only when refused the way §6 defines (REP 07 and a close); another failure code and a close is
            // a less precise refusal; a bare close or silence fails, since a reply is defined.
            yield return Case($"deviations/{name}-signalled", Section, $"{name.ToUpperInvariant()} is supported, or refused with REP 07 and a close, not a silent close")
                .Checks(Specified, "S5-REP-03", "S5-CLOSE-01").Sends($"{cmd} 127.0.0.1:0")
                .Accept(Pass, Expect.AnySuccess)
                .Accept(Unsupported, Expect.FailureThenClose(0x07))
                .Accept(NonStrict, Expect.AnyFailureThenClose)
                .Run((c, ct) => c.RequestAsync(new Socks5Request(cmd, c.Ipv4Loopback, 0), ct, relay: false));
        }

        yield return Case("deviations/socks4-bind-signalled", "SOCKS4", "SOCKS4 BIND is granted, or rejected with CD 91 and a close, not a silent close")
            .Checks(Specified, "S4-REP-03", "S4-CLOSE-01").NeedsOnly(Features.Socks4).Sends("04 02 port 127.0.0.1 USERID 00")
            .Accept(Pass, Expect.GrantedNoRelayCheck)
            .Accept(Unsupported, Expect.Socks4RejectThenClose(91))
            .Accept(NonStrict, Expect.Socks4RejectThenClose(92, 93))
            .Run((c, ct) => c.Socks4Async(new Socks4Request(Socks4Command.Bind, CaseContext.Ipv4(IPAddress.Loopback), c.EchoPort, c.UserId), ct, relay: false));

        // A matrix of unknown CMD against other failure causes: the command is what fails, so REP 07 (or a close).
        foreach (var (cause, dst) in new (string, Func<CaseContext, (SocksAddress, int)>)[]
                 {
                     ("unresolvable", c => (SocksAddress.FromDomain(FixtureSet.UnresolvableName), 80)),
                     ("closed-port", c => (c.Ipv4Loopback, c.Fixtures.ClosedPort.Port)),
                     ("ipv6-closed-port", c => (SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), c.Fixtures.ClosedPort.Port)),
                     ("port-0", c => (c.Ipv4Loopback, 0)),
                 })
        {
            yield return Case($"deviations/rep-matrix/cmd-ff-{cause}", Section, $"unknown CMD FF with a {cause} destination gets REP 07")
                .Checks(Specified, "S5-REP-03").Sends($"CMD FF to a {cause} destination")
                .Accept(Pass, Expect.FailureReply(0x07))
                .Accept(NonStrict, Expect.AnyFailureReply)
                .Run((c, ct) =>
                {
                    var (addr, port) = dst(c);
                    return c.RequestAsync(c.Connect(addr, port) with { Cmd = 0xFF }, ct);
                });
        }

        yield return Case("deviations/rep-matrix/cmd-ff-bad-atyp", Section, "unknown CMD and unknown ATYP together get REP 07 or 08")
            .Checks(Specified, "S5-REP-03").Sends("CMD FF with ATYP 05")
            .Accept(Pass, Expect.FailureReply(0x07, 0x08))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(new SocksAddress(5, [127, 0, 0, 1]), c.EchoPort) with { Cmd = 0xFF }, ct));
    }
}
