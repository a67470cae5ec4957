namespace Sockspec.Targets.Docker;

/// <summary>What to run and how long to wait for it. Only <see cref="Image"/> and <see cref="ProxyPort"/> are required.</summary>
public sealed record ContainerTargetOptions
{
    /// <summary>A local image (name[:tag] or id). It is never pulled.</summary>
    public required string Image { get; init; }

    /// <summary>The port the proxy listens on, on 127.0.0.1 of the host (the container uses host networking).</summary>
    public required int ProxyPort { get; init; }

    /// <summary>Replaces the image's CMD (the arguments of its entrypoint); empty keeps the image's own.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Extra environment, each "KEY=VALUE".</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Extra labels on the container (sockspec adds its own <see cref="ContainerTarget.Label"/> and sockspec.pid).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The Docker engine; null means DOCKER_HOST, else Docker's default socket.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>How long the engine has to answer its first ping.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for each other engine call (create, start, inspect, logs, stop, remove).</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the proxy has, after (re)start, to accept a connection on its port.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stop waits for the container to exit before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Hint appended to the "image not found" error: how to get the image.</summary>
    public string BuildHint { get; init; } = "build it with engine/targets/build-images.sh";

    /// <summary>Receives warnings that must not abort the caller (e.g. a removal that failed during dispose).</summary>
    public Action<string>? Warn { get; init; }
}
