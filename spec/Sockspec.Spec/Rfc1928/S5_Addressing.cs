using System.Net;
using System.Text;
using Sockspec.Runner.Fixtures;

namespace Sockspec.Spec.Rfc1928;

/// <summary>RFC 1928 §5: ATYP and the three address forms (and what lies between them).</summary>
internal static class S5_Addressing
{
    private const string Section = "RFC 1928 §5";

    public static IEnumerable<SocksCase> Cases()
    {
        yield return Case("rfc1928/5/domain-localhost", Section, "CONNECT by name (ATYP 03) to a locally resolvable name")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT localhost:echo")
            .Accept(Pass, Expect.SuccessRelayed)
            // Unsupported only when refused the way §6 defines (REP 08 and a close); another failure code is imprecise.
            .Accept(Unsupported, Expect.FailureThenClose(0x08))
            .Accept(NonStrict, Expect.AnyFailureThenClose)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain(FixtureSet.ResolvableName), c.EchoPort), ct));

        yield return Case("rfc1928/5/domain-ip-literal", Section, "an IP literal sent as a name (as Chromium does) is accepted")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT with ATYP 03 \"127.0.0.1\":echo")
            .Accept(Pass, Expect.SuccessRelayed)
            .Accept(Unsupported, Expect.FailureThenClose(0x08))
            // Refusing a literal as a name is a choice; refusing it without a reply is not (a reply is defined).
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain("127.0.0.1"), c.EchoPort), ct));

        // The close after it is rfc1928/6/close-within-10s-unresolvable's to judge; X'04' is the code that fits, another
        // failure code is less precise (non-strict), no reply at all fails.
        yield return Case("rfc1928/5/domain-unresolvable", Section, "a name that never resolves gets a failure reply (04 expected)")
            .Checks(Specified, "S5-REP-03").Sends("CONNECT sockspec-never-resolves.invalid:80")
            .Accept(Pass, Expect.FailureReply(0x04))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain(FixtureSet.UnresolvableName), 80), ct));

        yield return Case("rfc1928/5/domain-length-0", Section, "a zero-length name: behaviour recorded (the RFC does not forbid it outright)")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT with ATYP 03 and length 0")
            .Accept(Pass, Expect.AnyFailureReply)
            .Accept(Informational, Expect.AnySuccess)
            // The request frames (a length octet of 0), so a reply is defined: no answer is never better than one.
            .Otherwise(NonStrict)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain(""), c.EchoPort), ct));

        yield return Case("rfc1928/5/domain-length-1", Section, "a one-octet name is read and answered with a well-formed reply")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT with ATYP 03 \"a\":echo")
            .Accept(Pass, Expect.AnyFailureReply, Expect.AnySuccess)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain("a"), c.EchoPort), ct, relay: false));

        yield return Case("rfc1928/5/domain-length-255", Section, "a 255-octet name (the maximum) is read and answered")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT with a 255-octet name under .invalid")
            // The name never resolves, so a failure reply is defined (X'04'); a bare close fails.
            .Accept(Pass, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromDomain(LongName(255)), 80), ct));

        yield return Case("rfc1928/5/domain-length-255-slow", Section, "a 255-octet name sent slowly (curl CVE-2023-38545's shape) is read whole")
            .Checks(Specified, "S5-ADDR-02").Sends("the handshake, then a CONNECT with a 255-octet name in 16-byte pieces")
            .Accept(Pass, Expect.AnyFailureReply)
            .Run(async (c, ct) =>
            {
                var conn = await c.OpenSocks5Async(ct);
                await conn.SendSplitAsync(CaseContext.Bytes(c.Connect(SocksAddress.FromDomain(LongName(255)), 80)), 16, TimeSpan.FromMilliseconds(20), ct);
                return await c.ReplyAsync(conn, ct);
            });

        yield return Case("rfc1928/5/domain-embedded-nul", Section, "a name with an embedded NUL is not truncated at the NUL")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT \"localhost\\0.invalid\":echo")
            .Accept(Pass, Expect.AnyFailureReply)
            .Accept(NonStrict, Expect.AnySuccess)
            .Run((c, ct) => c.RequestAsync(c.Connect(new SocksAddress((byte)AddressType.DomainName, Encoding.ASCII.GetBytes("localhost\0.invalid")), c.EchoPort), ct));

        yield return Case("rfc1928/5/domain-trailing-nul", Section, "a name with a trailing NUL (a client bug): behaviour recorded")
            .Checks(Specified, "S5-ADDR-02").Sends("CONNECT \"localhost\\0\":echo")
            // Either answer is the server's choice; no answer is not (the request frames, so a reply is defined).
            .Accept(Informational, Expect.AnyFailureReply, Expect.SuccessRelayed)
            .Run((c, ct) => c.RequestAsync(c.Connect(new SocksAddress((byte)AddressType.DomainName, Encoding.ASCII.GetBytes("localhost\0")), c.EchoPort), ct));

        yield return Case("rfc1928/5/ipv6-loopback", Section, "CONNECT to [::1] (ATYP 04) succeeds and relays")
            .Checks(Specified, "S5-ADDR-03").Sends("CONNECT [::1]:echo")
            .Accept(Pass, Expect.SuccessRelayed)
            .Accept(Unsupported, Expect.FailureThenClose(0x08))
            // E.g. X'03'/X'04' from a host without IPv6 routes: a defined refusal, if not the "unsupported" one.
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.Fixtures.Echo.V6 is null
                ? throw new Runner.Wire.CaseAbort(Skipped, "no IPv6 loopback on this machine")
                : c.RequestAsync(c.Connect(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), c.EchoPort), ct));

        yield return Case("rfc1928/5/ipv6-v4-mapped", Section, "CONNECT to a v4-mapped IPv6 address (::ffff:127.0.0.1)")
            .Checks(Specified, "S5-ADDR-03").Sends("CONNECT [::ffff:127.0.0.1]:echo")
            .Accept(Pass, Expect.SuccessRelayed)
            .Accept(Informational, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromIPAddress(IPAddress.Loopback.MapToIPv6()), c.EchoPort), ct));

        // The layout of failure replies is rfc1928/6/failure-full-layout's to judge; here the IPv6 address is read and
        // refused with the code that fits (X'05'), or with a less precise one.
        yield return Case("rfc1928/5/ipv6-closed-port", Section, "CONNECT to [::1] on a closed port gets REP 05")
            .Checks(Specified, "S5-ADDR-03", "S5-REP-03").Sends("CONNECT [::1]:closed")
            .Accept(Pass, Expect.FailureReply(0x05))
            // A server without IPv6 outbound refuses the address type the way §6 defines (dante with an IPv4 external).
            .Accept(Unsupported, Expect.FailureThenClose(0x08))
            .Accept(NonStrict, Expect.AnyFailureReply)
            .Run((c, ct) => c.RequestAsync(c.Connect(SocksAddress.FromIPAddress(IPAddress.IPv6Loopback), c.Fixtures.ClosedPort.Port), ct));

        foreach (byte atyp in new byte[] { 0x00, 0x02, 0x05, 0xFF })
        {
            // RFC 1928 §6 defines REP 08 for this: a bare close (dante) or silence fails, another code is non-strict.
            yield return Case($"rfc1928/5/atyp-{atyp:x2}", Section, $"unknown ATYP {atyp:X2} gets REP 08")
                .Checks(Specified, "S5-ADDR-01", "S5-REP-03").Sends($"CONNECT with ATYP {atyp:X2} and 4 address octets")
                .Accept(Pass, Expect.FailureReply(0x08))
                .Accept(NonStrict, Expect.AnyFailureReply)
                .Run((c, ct) => c.RequestAsync(c.Connect(new SocksAddress(atyp, [127, 0, 0, 1]), c.EchoPort), ct));
        }
    }

    /// <summary>A syntactically valid name of exactly <paramref name="length"/> octets under .invalid (never resolves).</summary>
    internal static string LongName(int length)
    {
        const string suffix = ".invalid";
        var sb = new StringBuilder();
        while (sb.Length + suffix.Length < length)
        {
            int label = Math.Min(63, length - suffix.Length - sb.Length - (sb.Length == 0 ? 0 : 1));
            if (label <= 0) break;
            if (sb.Length > 0) sb.Append('.');
            sb.Append('a', label);
        }
        var name = sb + suffix;
        return name.Length == length ? name : name.PadLeft(length, 'b');
    }
}
