using Sockspec.Runner.Model;
using static Sockspec.Runner.Model.RequirementLevel;
using static Sockspec.Runner.Model.RequirementRole;

namespace Sockspec.Spec.Requirements;

/// <summary>
/// What SOCKS4 and SOCKS5 inherit from running over TCP, a byte stream: no SOCKS document says it, every one relies on it,
/// and real proxies break it (microsocks read one recv() as one message). Document "TCP", no section; all derived.
/// </summary>
internal static class Transport
{
    private const string Doc = "TCP";

    private static Requirement R(string id, RequirementLevel level, string text) => new(id, Doc, "", level, Server, text);

    public static IReadOnlyList<Requirement> All { get; } =
    [
        R("TCP-STREAM-01", Specified, "(derived) Messages are framed by their layout, not by segments: a message split across any number of segments, or trickled slowly, is read as if sent whole."),
        R("TCP-STREAM-02", Should, "(derived) Bytes a client sends ahead of the reply they follow (a pipelined greeting, login and request, or data right behind the request) are processed in order, never lost."),
        R("TCP-RELAY-01", Should, "(derived) A half-close is passed on: after one side's FIN the other direction keeps flowing, and the FIN reaches the far side."),
        R("TCP-RELAY-02", Specified, "(derived) Relayed bytes arrive unchanged and in order in both directions, whatever the size of the transfer or the idle time between bytes."),
    ];
}
