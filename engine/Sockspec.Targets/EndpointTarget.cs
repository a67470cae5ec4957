using System.Net;
using System.Net.Sockets;

namespace Sockspec.Targets;

/// <summary>
/// A proxy someone else runs, at HOST:PORT. One that refuses connections from the start is not a setup error: the run
/// goes on, the probes find no SOCKS server ("... refused connections") and the run fails with its reports written.
/// </summary>
public sealed class EndpointTarget(IPEndPoint endPoint) : ITarget
{
    public string Name => EndPoint.ToString();

    public IPEndPoint EndPoint { get; } = endPoint;

    public string? Crashed => null;

    private readonly List<string> _log = [];

    public IReadOnlyList<string> Log => _log;

    public string ReproducerArgs => $"--target {EndPoint}";

    public async Task StartAsync(CancellationToken ct)
    {
        if (await Liveness.RefusesAsync(EndPoint, TimeSpan.FromSeconds(5), ct))
            _log.Add($"[sockspec] {EndPoint} refused a connection when the run started");
    }

    public Task RestartAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Parses HOST:PORT ([v6]:PORT too); the host must be an address or resolve to one.</summary>
    public static bool TryParse(string s, out IPEndPoint endPoint, out string error)
    {
        endPoint = null!;
        error = "";
        int colon = s.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(s[(colon + 1)..], out var port) || port == 0)
        {
            error = $"'{s}' is not HOST:PORT";
            return false;
        }
        var host = s[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var ip))
        {
            try
            {
                ip = Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                     ?? Dns.GetHostAddresses(host).FirstOrDefault();
            }
            catch (SocketException)
            {
                ip = null;
            }
            if (ip is null)
            {
                error = $"cannot resolve '{host}'";
                return false;
            }
        }
        endPoint = new IPEndPoint(ip, port);
        return true;
    }
}
