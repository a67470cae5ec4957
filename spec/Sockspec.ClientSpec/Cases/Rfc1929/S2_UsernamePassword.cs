using Sockspec.ClientSpec.Harness;
using static Sockspec.ClientSpec.Cases.CaseFactory;
using static Sockspec.Model.RequirementLevel;

namespace Sockspec.ClientSpec.Cases.Rfc1929;

/// <summary>RFC 1929 §2 from the client's side; these cases apply to clients that offer X'02'.</summary>
internal static class S2_UsernamePassword
{
    /// <summary>Selects X'02', reads the client's request, then answers with <paramref name="response"/>.</summary>
    private static async Task<bool> UpToAuthAsync(ScriptSession s)
    {
        if (!await s.OpenAsync(Applies.Socks5) || !await s.ReadGreetingAsync()) return false;
        if (!s.Offered(2))
        {
            await s.MarkNotApplicableAsync("the client offered no username/password method (X'02')");
            return false;
        }
        return await s.SelectAsync(2) && await s.ReadAuthAsync();
    }

    private static ServerScript AfterAuth(byte[] response, string trigger) => async s =>
    {
        if (!await UpToAuthAsync(s)) return;
        await s.RefuseAsync(response, Delivery.Whole, trigger);
    };

    private static ServerScript Accepting(byte[] response, Delivery delivery = Delivery.Whole) => async s =>
    {
        if (!await UpToAuthAsync(s)) return;
        if (!await s.SendAsync(response, delivery) || !await s.ReadRequest5Async()) return;
        await s.ServeAsync(s.SuccessReply());
    };

    public static IEnumerable<ClientCase> All =>
    [
        Up("client/up/request/well-formed", "The username/password request has VER 01, consistent lengths and the configured credentials",
            ["C5-AUTH-01"], Specified, "VER X'01', ULEN/PLEN framing UNAME/PASSWD, and the configured user name and password (when given)",
            Accepting([1, 0]), Graders.Sent(Checks.Auth)),

        Up("client/up/fetch", "After STATUS 00 the client sends its request and fetches",
            ["C5-AUTH-01"], Specified, "the client fetches the body",
            Accepting([1, 0]), Graders.MustFetch(Checks.Auth)),

        Up("client/up/status-failure", "STATUS 01 is a failure: no request follows",
            ["C5-AUTH-02"], Specified, "no SOCKS request after the failure status; close or wait for the server to close",
            AfterAuth([1, 1], "answered STATUS X'01' (failure)"), Graders.MustRefuse()),

        Up("client/up/status-ff", "STATUS FF is a failure: no request follows",
            ["C5-AUTH-02"], Specified, "no SOCKS request after the failure status; close or wait",
            AfterAuth([1, 0xFF], "answered STATUS X'FF' (failure)"), Graders.MustRefuse()),

        Up("client/up/response-version-5", "A response VER of X'05' (the RFC never fixes it) may be accepted or refused",
            ["C5-AUTH-03"], May, "either: fetch (VER ignored) or refuse cleanly; recorded as informational",
            Accepting([5, 0]), Graders.EitherWay("accepted a response with VER X'05'", "refused a response with VER X'05'")),

        Up("client/up/response-bytewise", "A username/password response split into two segments is assembled",
            ["C5-REP-04"], Specified, "the client fetches the body",
            Accepting([1, 0], Delivery.Bytewise), Graders.MustFetch()),

        Up("client/up/silent", "A server that never answers the username/password request does not hang the client",
            ["C5-REP-06"], Should, "the client gives up by itself before the deadline",
            async s =>
            {
                if (!await UpToAuthAsync(s)) return;
                await s.SilenceAsync(Array.Empty<byte>(), "never answered the username/password request");
            },
            Graders.MustGiveUp(dataAfterIsWrong: true)),
    ];
}
