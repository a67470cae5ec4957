using Sockspec.Codec;

namespace Sockspec.Dissector.Tests;

/// <summary>
/// The dialog order both readers share: the one-direction dissector and the two-direction vector decoder (whose own
/// tests are in vectors/Sockspec.Vectors.Tests) ask it which message comes next.
/// </summary>
public class DialogFollowerTests
{
    [Fact]
    public void A_username_password_dialog_goes_greeting_selection_login_request_reply_then_relays()
    {
        var f = DialogFollower.Socks5();
        var seen = new List<(DialogStep, DissectRole?)> { (f.Step, f.Sender) };
        f.Saw(new Socks5Greeting(0x00, 0x02));
        seen.Add((f.Step, f.Sender));
        f.Saw(new Socks5MethodSelection(0x02));
        seen.Add((f.Step, f.Sender));
        f.Saw(new UsernamePasswordRequest());
        seen.Add((f.Step, f.Sender));
        f.Saw(new UsernamePasswordResponse(0));
        seen.Add((f.Step, f.Sender));
        f.Saw(new Socks5Request { Ver = 5, Cmd = (byte)Socks5Command.Connect });
        seen.Add((f.Step, f.Sender));
        f.Saw(new Socks5Reply { Ver = 5, Rep = 0 });
        Assert.Equal(DialogStep.Relaying, f.Step);
        Assert.Null(f.Sender);
        Assert.Equal(
        [
            (DialogStep.Greeting, DissectRole.Client), (DialogStep.Selection, DissectRole.Server),
            (DialogStep.UserPassRequest, DissectRole.Client), (DialogStep.UserPassResponse, DissectRole.Server),
            (DialogStep.Request5, DissectRole.Client), (DialogStep.Reply5, DissectRole.Server),
        ], seen);
        Assert.True(f.OffersUserPass);
        Assert.False(f.OffersGssApi);
    }

    [Theory]
    [InlineData(0xFF, true, "no acceptable methods")]
    [InlineData(0x80, false, "method 80 is not followed")]
    public void A_selection_that_ends_or_cannot_be_followed_says_why(byte method, bool byMessage, string reason)
    {
        var f = DialogFollower.Socks5();
        f.Saw(new Socks5Greeting(0x00));
        f.Saw(new Socks5MethodSelection(method));
        Assert.Equal(DialogStep.Ended, f.Step);
        Assert.Equal(byMessage, f.EndedByMessage);
        Assert.Equal(reason, f.EndReason);
    }

    [Fact]
    public void A_failed_login_and_a_failure_reply_end_the_dialog_by_message()
    {
        var login = DialogFollower.At(DissectPhase.UserPassResponse, DissectRole.Server);
        login.Saw(new UsernamePasswordResponse(1));
        Assert.Equal((DialogStep.Ended, true, "authentication failed"), (login.Step, login.EndedByMessage, login.EndReason));

        var reply = DialogFollower.At(DissectPhase.Reply, DissectRole.Server, (byte)Socks5Command.Connect);
        reply.Saw(new Socks5Reply { Ver = 5, Rep = (byte)Socks5Rep.ConnectionRefused });
        Assert.Equal((DialogStep.Ended, true, "request failed"), (reply.Step, reply.EndedByMessage, reply.EndReason));
    }

    [Theory]
    [InlineData((byte)Socks5Command.Bind, DialogStep.SecondReply5, false)]
    [InlineData((byte)Socks5Command.Connect, DialogStep.Relaying, false)]
    public void BIND_has_a_second_reply_and_CONNECT_none(byte command, DialogStep after, bool guess)
    {
        var f = DialogFollower.Socks5();
        f.Saw(new Socks5Greeting(0x00));
        f.Saw(new Socks5MethodSelection(0x00));
        f.Saw(new Socks5Request { Ver = 5, Cmd = command });
        f.Saw(new Socks5Reply { Ver = 5, Rep = 0 });
        Assert.Equal(after, f.Step);
        Assert.Equal(guess, f.SecondReplyIsAGuess);
    }

    [Fact]
    public void With_the_request_unseen_a_second_reply_is_only_a_guess_and_a_failed_one_is_a_failed_BIND()
    {
        var f = DialogFollower.At(DissectPhase.Socks4Request, DissectRole.Server);
        f.AssumeRequest();
        Assert.Equal(DialogStep.Reply4, f.Step);
        f.Saw(new Socks4Reply { Vn = 0, Cd = (byte)Socks4Cd.RequestGranted });
        Assert.Equal(DialogStep.SecondReply4, f.Step);
        Assert.True(f.SecondReplyIsAGuess);
        f.Saw(new Socks4Reply { Vn = 0, Cd = (byte)Socks4Cd.RequestRejectedOrFailed });
        Assert.Equal((DialogStep.Ended, "BIND failed"), (f.Step, f.EndReason));
    }

    [Fact]
    public void GSSAPI_tokens_go_back_and_forth_until_an_abort()
    {
        var f = DialogFollower.Socks5();
        f.Saw(new Socks5Greeting(0x01));
        f.Saw(new Socks5MethodSelection(0x01));
        var senders = new List<DissectRole?>();
        for (int i = 0; i < 4; i++)
        {
            senders.Add(f.Sender);
            f.Saw(new GssApiMessage(1, 4));
        }
        Assert.Equal([DissectRole.Client, DissectRole.Server, DissectRole.Client, DissectRole.Server], senders);
        f.Saw(new GssApiMessage(GssApiMessage.AbortType, 0));
        Assert.Equal((DialogStep.Ended, true, "GSS-API abort"), (f.Step, f.EndedByMessage, f.EndReason));
    }

    [Fact]
    public void The_dissector_marks_what_follows_an_unfollowable_method_as_undecodable_with_the_reason()
    {
        var bytes = Wire.Concat(Wire.Of(new Socks5MethodSelection(0x80)), [0x05, 0x00, 0x00, 0x01]);
        var d = Dissector.Dissect(bytes, DissectRole.Server, DissectPhase.Auto);
        Assert.Equal([Socks5MethodSelection.Name], d.Messages.Select(m => m.Name));
        Assert.Equal(new DissectedRest(RestKind.Undecodable, 2, 4, "method 80 is not followed"), d.Rest);
    }

    [Fact]
    public void Every_expected_message_is_read_in_its_senders_direction_and_named_after_its_phase()
    {
        var seen = new List<string>();
        void Look(DialogFollower f)
        {
            Assert.True(f.Phase!.Value.Fits(f.Sender!.Value), $"{f.Step}: {f.Phase} from the {f.Sender}");
            seen.Add($"{f.Step} {f.MessageName}");
        }
        var s5 = DialogFollower.Socks5();
        Look(s5); s5.Saw(new Socks5Greeting(0x01, 0x02));
        Look(s5); s5.Saw(new Socks5MethodSelection(0x02));
        Look(s5); s5.Saw(new UsernamePasswordRequest());
        Look(s5); s5.Saw(new UsernamePasswordResponse(0));
        Look(s5); s5.Saw(new Socks5Request { Ver = 5, Cmd = (byte)Socks5Command.Bind });
        Look(s5); s5.Saw(new Socks5Reply { Ver = 5 });
        Look(s5); s5.Saw(new Socks5Reply { Ver = 5 });
        Assert.Null(s5.MessageName);
        var gss = DialogFollower.At(DissectPhase.GssApi, DissectRole.Client);
        Look(gss); gss.Saw(new GssApiMessage(1, 0));
        Look(gss);
        var s4 = DialogFollower.Socks4();
        Look(s4); s4.Saw(new Socks4Request { Vn = 4, Cd = (byte)Socks4Command.Bind });
        Look(s4); s4.Saw(new Socks4Reply { Cd = (byte)Socks4Cd.RequestGranted });
        Look(s4);
        Assert.Equal(
        [
            $"Greeting {Socks5Greeting.Name}", $"Selection {Socks5MethodSelection.Name}", $"UserPassRequest {UsernamePasswordRequest.Name}",
            $"UserPassResponse {UsernamePasswordResponse.Name}", $"Request5 {Socks5Request.Name}", $"Reply5 {Socks5Reply.Name}",
            $"SecondReply5 {Socks5Reply.Name}", $"GssClient {GssApiMessage.Name}", $"GssServer {GssApiMessage.Name}",
            $"Request4 {Socks4Request.Name}", $"Reply4 {Socks4Reply.Name}", $"SecondReply4 {Socks4Reply.Name}",
        ], seen);
    }
}
