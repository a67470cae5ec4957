using Sockspec.ClientSpec.Harness;
using static Sockspec.Spec.ClientCaseFactory;

namespace Sockspec.Spec.Robustness;

/// <summary>Servers that never start the dialog: any SOCKS client must give up rather than hang.</summary>
internal static class Silence
{
    public static IEnumerable<ClientCase> All =>
    [
        AnyDialect("client/any/close-on-accept", "A server that closes at once makes the client fail, not hang")
            .Checks(Should, "C5-REP-06", "C4-REP-04")
            .Accept(Fail, Did.Fetch)
            .Accept(NonStrict, Did.Hang)
            .Accept(Pass, Did.GiveUp)
            .Serve(async s => await s.CloseAfterAsync(Array.Empty<byte>(), "closed the connection right after accepting it")),

        AnyDialect("client/any/silent-on-accept", "A server that accepts and never reads nor answers does not hang the client")
            .Checks(Should, "C5-REP-06", "C4-REP-04")
            .Accept(Fail, Did.Fetch)
            .Accept(NonStrict, Did.Hang)
            .Accept(Pass, Did.GiveUp)
            .Serve(async s => await s.SilenceAsync(Array.Empty<byte>(), "accepted the connection and then said nothing")),
    ];
}
