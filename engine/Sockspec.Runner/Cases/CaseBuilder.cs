using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// The DSL a case file writes in:
/// <code>
/// Case("rfc1928/4/cmd-unknown", "RFC 1928 §4", "unknown CMD 0x04")
///     .Checks(Specified, "S5-REQ-02").Sends("CONNECT-shaped request with CMD=04")
///     .Accept(Pass, Expect.FailureReply(0x07).ThenClose(), Expect.BareClose)
///     .Run((c, ct) => c.RequestAsync(c.ConnectEcho() with { Cmd = 4 }, ct));
/// </code>
/// </summary>
public sealed class CaseBuilder(string id, string section, string title)
    : ConformanceCaseBuilder<CaseBuilder, Observation>(id, section, title)
{
    private string _sends = "";
    private Features _needs = Features.Socks5;
    private bool _needsCredentials;

    public static CaseBuilder Case(string id, string section, string title) => new(id, section, title);

    public CaseBuilder Sends(string what)
    {
        _sends = what;
        return this;
    }

    /// <summary>Features the case needs besides SOCKS5 (replace with <see cref="NeedsOnly"/> for SOCKS4 cases).</summary>
    public CaseBuilder Needs(Features features)
    {
        _needs |= features;
        return this;
    }

    public CaseBuilder NeedsOnly(Features features)
    {
        _needs = features;
        return this;
    }

    public CaseBuilder NeedsCredentials()
    {
        _needsCredentials = true;
        return this;
    }

    public SocksCase Run(Func<CaseContext, CancellationToken, Task<Observation>> run) => new(Head, Judgement)
    {
        Sends = _sends,
        Needs = _needs,
        NeedsCredentials = _needsCredentials,
        Run = run,
    };
}
