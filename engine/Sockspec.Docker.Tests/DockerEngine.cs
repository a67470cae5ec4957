using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sockspec.Targets.Docker;

namespace Sockspec.Docker.Tests;

/// <summary>
/// The engine the tests run against: DOCKER_HOST (else Docker's default socket). Whether it answers is decided once per
/// test run; the images the tests need are built from the checkout (engine/targets/build-images.sh) when missing.
/// </summary>
internal static class DockerEngine
{
    public const string ProxyImage = "sockspec/microsocks";
    public const string TestImage = "sockspec/testproxy";

    private static readonly Lazy<string?> Unavailable = new(Probe);
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    public static Uri Endpoint => DockerEndpoint.Resolve();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the engine answers, else why not.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Fails the calling test with a clear message when there is no engine (only reached under CI=true).</summary>
    public static void Require()
    {
        if (WhyUnavailable is { } why)
        {
            Assert.Fail($"the Docker tests need a Docker engine and CI=true forbids skipping them: {why}");
        }
    }

    public static async Task<DockerClient> ClientAsync(CancellationToken cancellationToken) =>
        await DockerEndpoint.ConnectAsync(Endpoint, TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Builds the named images from this checkout unless they are already there.</summary>
    public static async Task EnsureImagesAsync(CancellationToken cancellationToken, params string[] images)
    {
        Require();
        await BuildLock.WaitAsync(cancellationToken);
        try
        {
            using var client = await ClientAsync(cancellationToken);
            var missing = new List<string>();
            foreach (var image in images)
            {
                try
                {
                    await client.Images.InspectImageAsync(image, cancellationToken);
                }
                catch (DockerImageNotFoundException)
                {
                    missing.Add(image["sockspec/".Length..]);
                }
            }

            if (missing.Count > 0)
            {
                await BuildAsync(missing, cancellationToken);
            }
        }
        finally
        {
            BuildLock.Release();
        }
    }

    /// <summary>Containers carrying the label <paramref name="key"/>=<paramref name="value"/>, running or not.</summary>
    public static async Task<IList<ContainerListResponse>> ListByLabelAsync(string key, string value, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(cancellationToken);
        return await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{key}={value}"] = true },
                },
            },
            cancellationToken);
    }

    private static async Task BuildAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var script = RepositoryRoot.Combine("engine", "targets", "build-images.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var name in names)
        {
            start.ArgumentList.Add(name);
        }

        start.Environment["DOCKER_HOST"] = Endpoint.ToString();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"{script} {string.Join(' ', names)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }


    private static string? Probe()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var client = DockerEndpoint.ConnectAsync(Endpoint, TimeSpan.FromSeconds(5), cts.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}
