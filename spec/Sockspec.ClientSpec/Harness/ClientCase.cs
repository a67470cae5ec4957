using Sockspec.Model;
using Sockspec.Runner.Cases;

namespace Sockspec.ClientSpec.Harness;

/// <summary>Which client dialects a case grades; detected from the client's first bytes, never declared by the user.</summary>
[Flags]
public enum Applies
{
    Socks5 = 1,
    Socks4 = 2,
    Socks4a = 4,
    Socks4Any = Socks4 | Socks4a,
    Any = Socks5 | Socks4 | Socks4a,
}

/// <summary>The destination the client is asked to reach; name shapes probe the client's domain encoding.</summary>
public enum TargetShape
{
    /// <summary>"localhost": resolvable locally, so both local- and remote-resolving clients take part.</summary>
    Localhost,

    /// <summary>A one-octet name that does not resolve locally.</summary>
    OneOctetName,

    /// <summary>A 255-octet name: the longest an RFC 1928 ATYP 03 can carry.</summary>
    Name255,

    /// <summary>A 256-octet name: one too long for ATYP 03.</summary>
    Name256,

    /// <summary>A 300-octet name: SOCKS4a sets no limit.</summary>
    Name300,
}

/// <summary>What an in-process client should do; command-line clients always do what their command does.</summary>
public enum ClientCommand
{
    Connect,
    Bind,

    /// <summary>UDP ASSOCIATE, then one datagram to <see cref="ClientCase.UdpDestination"/> and the relay's answer.</summary>
    UdpAssociate,
}

/// <summary>The server's side of one connection of a case.</summary>
public delegate Task ServerScript(ScriptSession session);

/// <summary>Turns what was observed into a verdict (Skipped/Error for preconditions are handled before).</summary>
public delegate Grade Grader(CaseObservation observation);

public readonly record struct Grade(Verdict Verdict, string Actual)
{
    public static Grade Pass(string actual) => new(Verdict.Pass, actual);
    public static Grade Fail(string actual) => new(Verdict.Fail, actual);
    public static Grade Info(string actual) => new(Verdict.Informational, actual);
}

/// <summary>
/// One client case: a scripted server (well-behaved, or wrong in exactly one way), the outcomes the documents allow
/// (<see cref="Expected"/>, prose of the set the grader accepts) and the grader. IDs are stable strings.
/// </summary>
public sealed record ClientCase(
    string Id,
    string Section,
    string Title,
    IReadOnlyList<string> Requirements,
    RequirementLevel Level,
    Applies Applies,
    string Expected,
    ServerScript Script,
    Grader Grade) : IConformanceCase
{
    public TargetShape Target { get; init; } = TargetShape.Localhost;

    /// <summary>The case needs a client that offers X'02' (RFC 1929); skipped otherwise.</summary>
    public bool NeedsUserPass { get; init; }

    public ClientCommand Command { get; init; } = ClientCommand.Connect;

    /// <summary>For <see cref="ClientCommand.UdpAssociate"/>: the address the datagram is for (its port is the target's).</summary>
    public string UdpDestination { get; init; } = "127.0.0.1";

    /// <summary>
    /// The requirement catalogue entry of an ID in <see cref="Requirements"/> (its level and text). The spec sets it
    /// when it lists the case; the harness does not know where the catalogue lives. Unset: no entry.
    /// </summary>
    public Func<string, Requirement?> Catalogue { get; init; } = _ => null;
}
