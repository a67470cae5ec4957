namespace Sockspec.Spec.Deviations;

/// <summary>Method-negotiation deviations seen in real servers (real-world-deviations.md, "Method negotiation", "GSSAPI").</summary>
internal static class MethodNegotiation
{
    private const string Section = "RFC 1928 §3";

    public static IEnumerable<SocksCase> Cases()
    {
        // A Node server with credentials configured accepted 00: an authentication bypass. Only meaningful when the run
        // was given credentials, i.e. the user says the target requires them.
        yield return Case("deviations/auth-bypass-00-only", Section, "a server that requires a login does not accept an offer of only 00")
            .Checks(Should, "S5-METHOD-02").Needs(Features.UserPass).NeedsCredentials().Sends("05 01 00 to a server configured with users")
            .Accept(Pass, Expect.NoAcceptableThenClose)
            .Accept(NonStrict, Expect.Selects(0x00).Or(Expect.NoAcceptableStaysOpen))
            .Run((c, ct) => Rfc1928.S3_MethodSelection.Select(c, new Socks5Greeting(0x00), ct));

        // 3proxy prefers 02 over 00; either is the server's choice.
        yield return Case("deviations/preference-00-02", Section, "which of 00 and 02 the server picks when both are offered (recorded)")
            .Checks(Specified, "S5-METHOD-02").Sends("05 02 00 02")
            .Accept(Informational, Expect.SelectsOneOf(0x00, 0x02), Expect.NoAcceptableThenClose)
            .Run((c, ct) => Rfc1928.S3_MethodSelection.Select(c, new Socks5Greeting(0x00, 0x02), ct));

        // Nobody implements GSSAPI although RFC 1928 says compliant implementations MUST: recorded, not failed.
        yield return Case("deviations/gssapi-only", Section, "an offer of only GSSAPI (01): supported, or FF and a close (recorded)")
            .Checks(Specified, "S5-METHOD-02").Sends("05 01 01")
            .Accept(Pass, Expect.Selects(0x01))
            .Accept(Informational, Expect.NoAcceptableThenClose)
            .Run((c, ct) => Rfc1928.S3_MethodSelection.Select(c, new Socks5Greeting(0x01), ct));

        // OpenSSH closes without 05 FF when 00 is not offered.
        yield return Case("deviations/unacceptable-offer-gets-ff", Section, "an offer of only unsupported methods gets 05 FF before the close, not a bare close")
            .Checks(Specified, "S5-METHOD-02").Sends("05 02 03 80 (CHAP and a private method)")
            // RFC 1928 §3 defines the answer (X'FF'), so OpenSSH's bare close fails.
            .Accept(Pass, Expect.NoAcceptableThenClose, Expect.SelectsOneOf(0x03, 0x80))
            .Run((c, ct) => Rfc1928.S3_MethodSelection.Select(c, new Socks5Greeting(0x03, 0x80), ct));
    }
}
