using Sockspec.ClientSpec.Harness;

namespace Sockspec.Spec.Robustness;

/// <summary>Servers that never start the dialog: any SOCKS client must give up rather than hang.</summary>
internal static class Silence
{
    public static IEnumerable<ClientCase> All =>
    [
        new("client/any/close-on-accept", "robustness", "A server that closes at once makes the client fail, not hang",
            ["C5-REP-06", "C4-REP-04"], RequirementLevel.Should, Applies.Any, "the client ends without the body before the deadline",
            async s => await s.CloseAfterAsync(Array.Empty<byte>(), "closed the connection right after accepting it"),
            Graders.MustGiveUp(dataAfterIsWrong: false)),

        new("client/any/silent-on-accept", "robustness", "A server that accepts and never reads nor answers does not hang the client",
            ["C5-REP-06", "C4-REP-04"], RequirementLevel.Should, Applies.Any, "the client gives up by itself before the deadline",
            async s => await s.SilenceAsync(Array.Empty<byte>(), "accepted the connection and then said nothing"),
            Graders.MustGiveUp(dataAfterIsWrong: false)),
    ];
}
