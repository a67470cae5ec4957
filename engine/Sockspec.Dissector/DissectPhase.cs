namespace Sockspec.Dissector;

/// <summary>
/// The message expected first. Later messages follow from what came before (a greeting offering 02 is followed by a
/// username/password request, and so on). <see cref="Auto"/> lets the first byte tell.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DissectPhaseJsonConverter))]
public enum DissectPhase
{
    Auto,
    Greeting,
    MethodSelection,
    UserPassRequest,
    UserPassResponse,
    Request,
    Reply,
    Udp,
    Socks4Request,
    Socks4Reply,
    GssApi,
}
