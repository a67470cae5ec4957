using Docker.DotNet;

namespace Sockspec.Targets.Docker;

/// <summary>
/// Where the Docker engine is: an explicit URI, else <c>DOCKER_HOST</c>, else Docker's default socket. Connecting checks
/// that the engine answers a ping within a deadline, so that a wrong or dead endpoint is a clear error at once rather
/// than a hang at the first real call.
/// </summary>
public static class DockerEndpoint
{
    public const string DefaultUri = "unix:///var/run/docker.sock";

    /// <summary>The endpoint to use: <paramref name="explicitUri"/> when given, else DOCKER_HOST, else the default socket.</summary>
    public static Uri Resolve(Uri? explicitUri = null, Func<string, string?>? environment = null)
    {
        if (explicitUri is not null)
        {
            return explicitUri;
        }

        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new Uri(DefaultUri);
        }

        if (!Uri.TryCreate(fromEnvironment.Trim(), UriKind.Absolute, out var uri))
        {
            throw new DockerTargetException($"DOCKER_HOST '{fromEnvironment}' is not a URI (expected e.g. unix:///run/docker.sock or tcp://127.0.0.1:2375)");
        }

        return uri;
    }

    /// <summary>
    /// A client for <paramref name="endpoint"/> whose engine has answered a ping within <paramref name="timeout"/>.
    /// Throws <see cref="DockerTargetException"/> naming the endpoint when it does not.
    /// </summary>
    public static async Task<DockerClient> ConnectAsync(Uri endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // tcp:// is how DOCKER_HOST spells plain HTTP; Docker.DotNet wants the http scheme for it.
        var effective = endpoint.Scheme == "tcp" ? new UriBuilder(endpoint) { Scheme = "http" }.Uri : endpoint;
        // A missing socket file would otherwise surface as an obscure socket error.
        if (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath))
        {
            throw new DockerTargetException(
                $"Docker engine at {endpoint}: socket {endpoint.LocalPath} does not exist. {Hint}");
        }

        DockerClient client;
        try
        {
            // The configuration is not disposed: the client keeps using its credentials (anonymous: nothing to free).
            var configuration = new DockerClientConfiguration(effective, defaultTimeout: timeout);
            client = configuration.CreateClient();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DockerTargetException($"cannot use Docker endpoint {endpoint}: {e.Message}", e);
        }

        try
        {
            await Bounded.RunAsync(ct => client.System.PingAsync(ct), timeout, $"Docker engine at {endpoint}", cancellationToken)
                .ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            var reason = e is DockerTargetException ? e.Message : $"Docker engine at {endpoint} does not answer: {Innermost(e).Message}";
            throw new DockerTargetException($"{reason}. {Hint}", e);
        }
    }

    private const string Hint =
        "Start an engine (scripts/dockerd.sh start) and set DOCKER_HOST (eval \"$(scripts/dockerd.sh env)\"), or pass the endpoint explicitly";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
