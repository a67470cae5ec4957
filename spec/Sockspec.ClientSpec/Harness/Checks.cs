using System.Net;
using System.Text;
using Sockspec.Codec;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>Checks of what the client sent, each null when right or a sentence saying what is wrong.</summary>
public static class Checks
{
    public static string? Greeting(CaseObservation o)
    {
        var g = o.Primary.Greeting;
        if (g is null || !g.IsMessage) return "no complete greeting: " + (g?.Describe() ?? "none");
        if (!g.Violations.IsEmpty) return $"greeting breaks {g.Violations}";
        return null;
    }

    /// <summary>C5-GREET-02: X'02' offered exactly when the client was configured with credentials (when we know).</summary>
    public static string? MethodsMatchCredentials(CaseObservation o)
    {
        if (Greeting(o) is { } bad) return bad;
        bool offered = o.Primary.Offered(0x02);
        if (o.User is not null && !offered) return "configured with credentials but did not offer X'02'";
        if (o.User is null && offered) return "offered X'02' without configured credentials";
        return null;
    }

    public static string? Auth(CaseObservation o)
    {
        var a = o.Primary.Auth;
        if (a is null) return "sent no username/password request after X'02' was selected";
        if (!a.IsMessage) return "username/password request: " + a.Describe();
        var m = a.Message;
        if (m.Ver != 1) return $"sub-negotiation VER is 0x{m.Ver:X2}, not X'01'";
        if (o.User is not null && Encoding.UTF8.GetString(m.UName.Span) != o.User)
            return $"UNAME \"{Printable.Escape(m.UName.Span)}\" is not the configured user name";
        if (o.Password is not null && Encoding.UTF8.GetString(m.Passwd.Span) != o.Password)
            return $"PASSWD ({m.PLen} octets) is not the configured password";
        return null;
    }

    /// <summary>C5-REQ-01: VER 05, CMD CONNECT, RSV 00, a known ATYP, DST.PORT the target's.</summary>
    public static string? Request5(CaseObservation o)
    {
        var r = o.Primary.Request5;
        if (r is null) return "sent no request";
        if (!r.IsMessage) return "request: " + r.Describe();
        var m = r.Message;
        if (!r.Violations.IsEmpty) return $"request breaks {r.Violations}";
        if (m.Cmd != 1 && o.Case.Command == ClientCommand.Connect) return $"CMD is 0x{m.Cmd:X2}, not CONNECT";
        if (m.DstPort != o.TargetPort) return $"DST.PORT is {m.DstPort}, not the target's {o.TargetPort} (byte order?)";
        return null;
    }

    /// <summary>C5-REQ-01/02: DST.ADDR designates the target: its exact name, or a loopback address it resolves to.</summary>
    public static string? Destination5(CaseObservation o)
    {
        if (Request5(o) is { } bad) return bad;
        var a = o.Primary.Request5!.Message.DstAddr;
        return DestinationProblem(a, o.TargetHost);
    }

    public static string? DestinationProblem(SocksAddress a, string host)
    {
        if (a.Atyp == (byte)AddressType.DomainName)
        {
            var name = a.Bytes.Span;
            if (name.Length > 0 && name[^1] == 0) return "the domain name ends with a NUL (RFC 1928 §5: no terminating NUL)";
            if (!name.SequenceEqual(Encoding.ASCII.GetBytes(host)))
                return $"DST.ADDR is the {name.Length}-octet name \"{Printable.Escape(name[..Math.Min(name.Length, 40)])}\", not the {host.Length}-octet target name";
            return null;
        }
        var ip = a.ToIPAddress();
        if (ip is null) return $"DST.ADDR has ATYP 0x{a.Atyp:X2}";
        // A name under "localhost" may be resolved by the client; it must resolve to loopback.
        if (!IPAddress.IsLoopback(ip)) return $"DST.ADDR {ip} is not the target (a loopback address for {(host.Length > 40 ? host[..40] + "..." : host)})";
        return null;
    }

    /// <summary>C4-REQ-01: VN 4, CD 1, DSTPORT the target's, one NUL after USERID (no second NUL behind it).</summary>
    public static string? Request4(CaseObservation o)
    {
        var s = o.Primary;
        var r = s.Request4;
        if (r is null) return "sent no SOCKS4 request";
        if (!r.IsMessage) return "SOCKS4 request: " + r.Describe();
        var m = r.Message;
        if (m.Vn != 4) return $"VN is {m.Vn}, not 4";
        if (m.Cd != 1) return $"CD is {m.Cd}, not 1 (CONNECT)";
        if (m.DstPort != o.TargetPort) return $"DSTPORT is {m.DstPort}, not the target's {o.TargetPort} (byte order?)";
        if (m.DstIp == 0) return "DSTIP is 0.0.0.0 (neither an address nor a SOCKS4a marker)";
        if (!m.IsSocks4a && s.AfterRequest4 is [0, ..]) return "USERID is followed by two NULs";
        if (o.User is not null && Socks4Text.UserId(r) != o.User) return $"USERID \"{Socks4Text.UserId(r)}\" is not the configured user";
        if (!m.IsSocks4a)
        {
            var ip = new IPAddress(r.Bytes.AsSpan(4, 4));
            if (!IPAddress.IsLoopback(ip)) return $"DSTIP {ip} is not the target (loopback)";
        }
        return null;
    }

    /// <summary>C4A-01: marker 0.0.0.x (x != 0), USERID NUL, the whole target name, exactly one closing NUL.</summary>
    public static string? Request4a(CaseObservation o)
    {
        if (Request4(o) is { } bad) return bad;
        var s = o.Primary;
        var r = s.Request4!;
        var name = Socks4Text.Hostname(r);
        if (name.Length == 0) return "the SOCKS4a hostname is empty";
        if (name != o.TargetHost) return $"hostname is {name.Length} octets \"{(name.Length > 40 ? name[..40] + "..." : name)}\", not the {o.TargetHost.Length}-octet target name (truncated?)";
        if (s.AfterRequest4 is [0, ..]) return "the hostname is followed by two NULs";
        return null;
    }

    public static string Hex(ReadOutcome r) => Convert.ToHexString(r.Bytes.AsSpan(0, Math.Min(r.Bytes.Length, 32)));
}
