namespace Sockspec.Targets.Docker;

/// <summary>
/// A container target could not be set up or driven: no engine, a missing image, a port that never opened, a container
/// that exited. The message is meant for the user as it stands (it names the image, the container and, where there is
/// one, the container's last log lines); a CLI maps it to a setup error.
/// </summary>
public sealed class DockerTargetException : Exception
{
    public DockerTargetException(string message)
        : base(message)
    {
    }

    public DockerTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
