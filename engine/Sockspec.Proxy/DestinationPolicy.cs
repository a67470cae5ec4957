using System.Net;

namespace Sockspec.Proxy;

/// <summary>
/// Where the server may connect, bind for, or send datagrams to: allowed when some Allow rule matches and no Deny rule
/// does (deny wins). The default allows loopback only, so a fresh server is not an open relay.
/// </summary>
public sealed class DestinationPolicy
{
    public List<DestinationRule> Allow { get; } = [];

    public List<DestinationRule> Deny { get; } = [];

    public static DestinationPolicy LoopbackOnly()
    {
        var p = new DestinationPolicy();
        p.Allow.Add(DestinationRule.Parse("127.0.0.0/8"));
        p.Allow.Add(DestinationRule.Parse("::1/128"));
        return p;
    }

    public static DestinationPolicy AllowAll()
    {
        var p = new DestinationPolicy();
        p.Allow.Add(DestinationRule.Parse("0.0.0.0/0"));
        p.Allow.Add(DestinationRule.Parse("::/0"));
        return p;
    }

    public bool IsAllowed(IPAddress address, int port)
    {
        foreach (var d in Deny) if (d.Matches(address, port)) return false;
        foreach (var a in Allow) if (a.Matches(address, port)) return true;
        return false;
    }

    public override string ToString() =>
        $"allow [{string.Join(", ", Allow)}] deny [{string.Join(", ", Deny)}]";
}
