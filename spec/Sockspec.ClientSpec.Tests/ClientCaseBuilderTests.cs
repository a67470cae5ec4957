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
            .Checks(RequirementLevel.Should, "C5-UDP-01", "C5-UDP-02").Expects("words")
            .Target(TargetShape.Name255).NeedsUserPass().Command(ClientCommand.UdpAssociate, "::1")
            .Grade(_ => Grade.Pass("ok"))
            .Serve(Nothing);
        Assert.Equal(("client/test/x", "RFC 1928 §7", "a title"), (c.Id, c.Section, c.Title));
        Assert.Equal(["C5-UDP-01", "C5-UDP-02"], c.Requirements);
        Assert.Equal((RequirementLevel.Should, Applies.Socks5, "words"), (c.Level, c.Applies, c.Expected));
        Assert.Equal((TargetShape.Name255, true, ClientCommand.UdpAssociate, "::1"), (c.Target, c.NeedsUserPass, c.Command, c.UdpDestination));
        Assert.Same(Nothing, c.Script);
    }

    [Fact]
    public void The_defaults_are_a_specified_connect_to_localhost_for_any_dialect()
    {
        var c = ClientCaseBuilder.Client("client/test/y", "robustness", "t").Grade(_ => Grade.Pass("ok")).Serve(Nothing);
        Assert.Equal((RequirementLevel.Specified, Applies.Any, TargetShape.Localhost, false, ClientCommand.Connect),
            (c.Level, c.Applies, c.Target, c.NeedsUserPass, c.Command));
    }

    [Fact]
    public void A_case_without_a_grader_is_refused_when_it_is_written()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ClientCaseBuilder.Client("client/test/z", "robustness", "t").Serve(Nothing));
        Assert.Contains("client/test/z", e.Message);
    }
}
