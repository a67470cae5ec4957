using Sockspec.Model;
using Sockspec.Runner.Cases;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// The client cases' side of the one case builder, on the same head and judgement as the server cases'
/// <see cref="CaseBuilder"/>:
/// <code>
/// Client("client/up/fetch", "RFC 1929 §2", "After STATUS 00 the client sends its request and fetches").For(Applies.Socks5)
///     .Checks(Specified, "C5-AUTH-01")
///     .Accept(Fail, Did.Break(Checks.Auth))
///     .Accept(Pass, Did.Fetch)
///     .Serve(Accepting([1, 0]));
/// </code>
/// Where a server case sends and runs, a client case serves (the scripted server, wrong in at most one way); both
/// accept outcomes per verdict, here outcomes of what the client did (<see cref="Did"/>).
/// </summary>
public sealed class ClientCaseBuilder(string id, string section, string title)
    : ConformanceCaseBuilder<ClientCaseBuilder, CaseObservation>(id, section, title)
{
    private Applies _applies = Applies.Any;
    private TargetShape _target = TargetShape.Localhost;
    private bool _needsUserPass;
    private ClientCommand _command = ClientCommand.Connect;
    private string _udpDestination = "127.0.0.1";

    public static ClientCaseBuilder Client(string id, string section, string title) => new(id, section, title);

    /// <summary>The client dialects the case grades (detected from the client's first octets).</summary>
    public ClientCaseBuilder For(Applies applies)
    {
        _applies = applies;
        return this;
    }

    public ClientCaseBuilder Target(TargetShape shape)
    {
        _target = shape;
        return this;
    }

    /// <summary>The case needs a client that offers X'02' (RFC 1929); skipped otherwise.</summary>
    public ClientCaseBuilder NeedsUserPass()
    {
        _needsUserPass = true;
        return this;
    }

    /// <summary>What an in-process client is asked to do; for UDP ASSOCIATE, the address its datagram is for.</summary>
    public ClientCaseBuilder Command(ClientCommand command, string udpDestination = "127.0.0.1")
    {
        _command = command;
        _udpDestination = udpDestination;
        return this;
    }

    /// <summary>The scripted server's side of each connection; ends the case.</summary>
    public ClientCase Serve(ServerScript script) => new(Head, Judgement)
    {
        Applies = _applies,
        Script = script,
        Target = _target,
        NeedsUserPass = _needsUserPass,
        Command = _command,
        UdpDestination = _udpDestination,
    };
}
