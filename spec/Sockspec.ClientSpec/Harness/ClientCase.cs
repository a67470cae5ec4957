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

/// <summary>A client case's verdict and what it saw, in words.</summary>
public readonly record struct Grade(Verdict Verdict, string Actual);

/// <summary>
/// One client case: the common head and judgement (<see cref="ConformanceCase{TObservation}"/>) over what the client
/// did, plus the scripted server's side of each connection (well-behaved, or wrong in exactly one way), the dialects it
/// applies to and what the client is asked to reach.
/// </summary>
public sealed record ClientCase(CaseHead Head, Judgement<CaseObservation> Judgement) : ConformanceCase<CaseObservation>(Head, Judgement)
{
    public required Applies Applies { get; init; }

    public required ServerScript Script { get; init; }

    public TargetShape Target { get; init; } = TargetShape.Localhost;

    /// <summary>The case needs a client that offers X'02' (RFC 1929); skipped otherwise.</summary>
    public bool NeedsUserPass { get; init; }

    public ClientCommand Command { get; init; } = ClientCommand.Connect;

    /// <summary>For <see cref="ClientCommand.UdpAssociate"/>: the address the datagram is for (its port is the target's).</summary>
    public string UdpDestination { get; init; } = "127.0.0.1";

    /// <summary>
    /// The requirement catalogue entry of an ID in <see cref="ConformanceCase{TObservation}.Requirements"/> (its level and
    /// text). The spec sets it when it lists the case; the harness does not know where the catalogue lives. Unset: no entry.
    /// </summary>
    public Func<string, Requirement?> Catalogue { get; init; } = _ => null;

    /// <summary>
    /// The verdict and its words: what the matched outcome showed in particular, the client's side of the dialog, and
    /// the outcome. As strong as the case's requirements allow (spec/GRADING.md, C5): where every requirement the case
    /// cites is a SHOULD or MAY, breaking it is non-strict, never a failure (a failure under --strict all the same).
    /// </summary>
    public Grade Grade(CaseObservation o)
    {
        var judged = Judge(o);
        var actual = (judged.Detail is { } detail ? detail + "; " : "") + o.Story()
                     + (judged.Matched == Judged.AnythingElse ? "" : $" [matched: {judged.Matched}]");
        return judged.Verdict == Verdict.Fail && Requirements.All(id => Catalogue(id)?.Level is RequirementLevel.Should or RequirementLevel.May)
            ? new Grade(Verdict.NonStrict, "breaks a SHOULD-level requirement: " + actual)
            : new Grade(judged.Verdict, actual);
    }
}
