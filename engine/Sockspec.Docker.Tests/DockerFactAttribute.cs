namespace Sockspec.Docker.Tests;

/// <summary>
/// A test that needs a Docker engine. Without one it is skipped, saying why, unless CI=true: there it runs and fails
/// (<see cref="DockerEngine.Require"/>), because CI must never pass by skipping the container tests.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerEngine.IsCi && DockerEngine.WhyUnavailable is { } why)
        {
            Skip = $"no Docker engine, so the container tests did not run: {why}";
        }
    }
}
