using Sockspec.ClientSpec.Wire;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// Everything one case run saw: the connections (each with its recorded facts) and how the client ended, in the run's
/// context (the case, the target, the configured credentials: the outcomes read them from here, not from a copy).
/// </summary>
public sealed class CaseObservation
{
    public required ClientCaseContext Context { get; init; }
    public required IReadOnlyList<ScriptSession> Sessions { get; init; }
    public required ClientOutcome Client { get; init; }

    /// <summary>Requests the target answered that the proxy did not relay: the client went around the proxy.</summary>
    public required int DirectHits { get; init; }

    public ClientCase Case => Context.Case;
    public string TargetHost => Context.TargetHost;
    public int TargetPort => Context.TargetPort;

    /// <summary>The credentials the client was configured with, when the user told us.</summary>
    public string? User => Context.User;
    public string? Password => Context.Password;

    /// <summary>The first connection the case applied to.</summary>
    public ScriptSession Primary => Sessions.FirstOrDefault(s => s.Protocol is not null && s.NotApplicable is null) ?? Sessions[0];

    public bool Fetched => Client.Kind == ClientOutcomeKind.Fetched;

    public bool Hung => Client.Kind == ClientOutcomeKind.Hung;

    /// <summary>Octets any connection sent after the server's deliberate deviation (the first such connection's).</summary>
    public byte[] SentAfterTrigger =>
        Sessions.Select(s => s.AfterTrigger?.ExtraBytes ?? []).FirstOrDefault(b => b.Length > 0) ?? [];

    /// <summary>The client's side of the dialog in one line: what it sent, how it ended.</summary>
    public string Story()
    {
        var s = Primary;
        var parts = new List<string>();
        if (s.Greeting is { } g) parts.Add("greeting: " + g.Describe());
        if (s.Auth is { } a) parts.Add("auth: " + a.Describe());
        if (s.Request5 is { } r) parts.Add("request: " + r.Describe());
        if (s.Request4 is { } r4) parts.Add("request: " + Socks4Text.Describe(r4));
        if (s.Trigger is { } t) parts.Add("server " + t);
        if (s.AfterTrigger is { } after) parts.Add("then the client " + after.Describe());
        if (s.HttpHead is { } h) parts.Add(h.IsMessage ? "client sent its HTTP request" : "HTTP request: " + h.Describe());
        if (Sessions.Count > 1) parts.Add($"{Sessions.Count} connections");
        if (DirectHits > 0) parts.Add($"{DirectHits} request(s) reached the target directly, not through the proxy");
        parts.Add(Client.Describe());
        if (Client.Detail.Length > 0 && Client.Kind != ClientOutcomeKind.Fetched) parts.Add("client said: " + Client.Detail);
        return string.Join("; ", parts);
    }
}

/// <summary>Text for SOCKS4 requests read by <see cref="Socks4Frame"/>.</summary>
public static class Socks4Text
{
    public static string Describe(ReadOutcome<Socks4Frame> r)
    {
        if (!r.IsMessage) return r.Describe();
        var m = r.Message;
        var userId = r.Bytes.AsSpan(8, m.UserIdLength);
        var text = $"VN {m.Vn} CD {m.Cd} DSTPORT {m.DstPort} DSTIP {new System.Net.IPAddress(r.Bytes.AsSpan(4, 4))} USERID \"{Sockspec.Codec.ShortBytes.From(userId[..Math.Min(userId.Length, 64)]).ToAscii()}\"";
        if (m.HostnameLength >= 0) text += $" hostname ({m.HostnameLength} octets)";
        return text;
    }

    public static string Hostname(ReadOutcome<Socks4Frame> r) =>
        r.Message.HostnameLength < 0 ? "" : System.Text.Encoding.ASCII.GetString(r.Bytes, 8 + r.Message.UserIdLength + 1, r.Message.HostnameLength);

    public static string UserId(ReadOutcome<Socks4Frame> r) =>
        System.Text.Encoding.ASCII.GetString(r.Bytes, 8, r.Message.UserIdLength);
}
