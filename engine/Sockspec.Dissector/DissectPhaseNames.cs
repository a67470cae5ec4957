namespace Sockspec.Dissector;

/// <summary>The command-line names of the phases ("method-selection", "socks4-request", ...).</summary>
public static class DissectPhaseNames
{
    private static readonly (DissectPhase Phase, string Name)[] Names =
    [
        (DissectPhase.Auto, "auto"),
        (DissectPhase.Greeting, "greeting"),
        (DissectPhase.MethodSelection, "method-selection"),
        (DissectPhase.UserPassRequest, "userpass-request"),
        (DissectPhase.UserPassResponse, "userpass-response"),
        (DissectPhase.Request, "request"),
        (DissectPhase.Reply, "reply"),
        (DissectPhase.Udp, "udp"),
        (DissectPhase.Socks4Request, "socks4-request"),
        (DissectPhase.Socks4Reply, "socks4-reply"),
        (DissectPhase.GssApi, "gssapi"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string ToName(this DissectPhase phase) => Names.First(n => n.Phase == phase).Name;

    public static bool TryParse(string name, out DissectPhase phase)
    {
        foreach (var n in Names)
        {
            if (string.Equals(n.Name, name, StringComparison.OrdinalIgnoreCase)) { phase = n.Phase; return true; }
        }
        phase = DissectPhase.Auto;
        return false;
    }

    /// <summary>The phases whose messages travel in <paramref name="role"/>'s direction (Auto and Udp go both ways).</summary>
    public static bool Fits(this DissectPhase phase, DissectRole role) => phase switch
    {
        DissectPhase.Auto or DissectPhase.Udp or DissectPhase.GssApi => true,
        DissectPhase.Greeting or DissectPhase.UserPassRequest or DissectPhase.Request or DissectPhase.Socks4Request => role == DissectRole.Client,
        _ => role == DissectRole.Server,
    };
}

/// <summary>Writes a phase in JSON by its command-line name, so that JSON and the CLI agree.</summary>
public sealed class DissectPhaseJsonConverter : System.Text.Json.Serialization.JsonConverter<DissectPhase>
{
    public override DissectPhase Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        DissectPhaseNames.TryParse(reader.GetString() ?? "", out var p) ? p : throw new System.Text.Json.JsonException("unknown phase");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DissectPhase value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToName());
}
