using Sockspec.ClientSpec.Harness;
using Sockspec.Model;

namespace Sockspec.ClientSpec.Tests;

/// <summary>The client cases' builder puts every part where the harness reads it, and refuses a case it cannot judge.</summary>
public class ClientCaseBuilderTests
{
    private static readonly ServerScript Nothing = _ => Task.CompletedTask;

    [Fact]
    public void Every_part_written_lands_in_the_case()
    {
        var c = ClientCaseBuilder.Client("client/test/x", "RFC 1928 §7", "a title").For(Applies.Socks5)
            .Checks(RequirementLevel.Should, "C5-UDP-01", "C5-UDP-02")
            .Target(TargetShape.Name255).NeedsUserPass().Command(ClientCommand.UdpAssociate, "::1")
            .Accept(Verdict.Fail, Did.Fetch).Accept(Verdict.Pass, Did.GiveUp)
            .Serve(Nothing);
        Assert.Equal(("client/test/x", "RFC 1928 §7", "a title"), (c.Id, c.Section, c.Title));
        Assert.Equal(["C5-UDP-01", "C5-UDP-02"], c.Requirements);
        Assert.Equal((RequirementLevel.Should, Applies.Socks5), (c.Level, c.Applies));
        Assert.Equal([(Did.Fetch, Verdict.Fail), (Did.GiveUp, Verdict.Pass)], c.Rules.Select(r => (r.Outcome, r.Verdict)));
        // Unanticipated behaviour of a SHOULD-level case is non-strict, as for server cases; the report says so.
        Assert.Equal(Verdict.NonStrict, c.Otherwise);
        Assert.Equal("fetched the body (fail) | ended without the body (pass) | anything else (non-strict)", c.Expected);
        Assert.Equal((TargetShape.Name255, true, ClientCommand.UdpAssociate, "::1"), (c.Target, c.NeedsUserPass, c.Command, c.UdpDestination));
        Assert.Same(Nothing, c.Script);
    }

    [Fact]
    public void The_defaults_are_a_specified_connect_to_localhost_for_any_dialect()
    {
        var c = ClientCaseBuilder.Client("client/test/y", "robustness", "t").Accept(Verdict.Pass, Did.Fetch).Serve(Nothing);
        Assert.Equal((RequirementLevel.Specified, Applies.Any, TargetShape.Localhost, false, ClientCommand.Connect, Verdict.Fail),
            (c.Level, c.Applies, c.Target, c.NeedsUserPass, c.Command, c.Otherwise));
    }

    [Fact]
    public void A_case_that_accepts_no_outcome_is_refused_when_it_is_written()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClientCaseBuilder.Client("client/test/z", "robustness", "t").Serve(Nothing));
        Assert.Contains("client/test/z", e.Message);
    }
}
