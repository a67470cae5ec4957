using System.Net;
using System.Net.Sockets;
using Sockspec.Proxy;

namespace Sockspec.Targets;

/// <summary>The embedded reference proxy on a free loopback port: the default target of `sockspec run`.</summary>
public sealed class ReferenceTarget(Credentials? credentials) : ITarget
{
    private ReferenceServer? _server;

    public string Name => "embedded reference proxy" + (credentials is null ? "" : " (username/password)");

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public string? Crashed => null;

    public IReadOnlyList<string> Log => [];

    // The embedded proxy is started afresh by `sockspec run` itself, so no target option is needed to rerun a case.
    public string ReproducerArgs => "";

    public async Task StartAsync(CancellationToken ct)
    {
        // Also on [::1] at the same port, so that the IPv6-client cases (which try the target's port on ::1) reach it;
        // on a machine without ::1, or after repeated port clashes, on 127.0.0.1 alone (those cases are then skipped).
        for (int attempt = 0; _server is null; attempt++)
        {
            int port = attempt < 8 ? LoopbackPort.Pick() : 0;
            var options = new ServerOptions();
            options.Listen.Add(new IPEndPoint(IPAddress.Loopback, port));
            if (attempt < 8) options.Listen.Add(new IPEndPoint(IPAddress.IPv6Loopback, port));
            if (credentials is not null) options.Users[credentials.User] = credentials.Password;
            try
            {
                _server = await ReferenceServer.StartAsync(options, ct);
            }
            catch (SocketException) when (attempt < 8) { }
        }
        EndPoint = _server.Endpoints[0];
    }

    public Task RestartAsync(CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
