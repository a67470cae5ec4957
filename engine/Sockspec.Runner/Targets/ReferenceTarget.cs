using System.Net;
using Sockspec.Proxy;
using Sockspec.Runner.Cases;

namespace Sockspec.Runner.Targets;

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
        var options = new ServerOptions();
        options.Listen.Add(new IPEndPoint(IPAddress.Loopback, 0));
        if (credentials is not null) options.Users[credentials.User] = credentials.Password;
        _server = await ReferenceServer.StartAsync(options, ct);
        EndPoint = _server.Endpoints[0];
    }

    public Task RestartAsync(CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
