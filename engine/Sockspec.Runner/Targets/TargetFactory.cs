using Sockspec.Targets.Docker;
using Sockspec.Runner.Running;

namespace Sockspec.Targets;

/// <summary>Makes the target a targets-file entry or the docker options of `sockspec run` describe.</summary>
public static class TargetFactory
{
    public static ITarget Create(TargetSpec spec, Uri? dockerHost, TimeSpan startTimeout)
    {
        if (spec.Kind != TargetKind.Server) throw new TargetSetupException($"target {spec.Name} is a client, graded by `sockspec clients`");
        if (spec.Reference) return new ReferenceTarget(spec.Credentials);
        if (spec.Docker is { } d) return Docker(d, dockerHost, startTimeout);
        if (spec.Exec is { } exec) return new ExecTarget(exec, null, startTimeout);
        if (!EndpointTarget.TryParse(spec.Address!, out var endPoint, out var error))
            throw new TargetSetupException($"target {spec.Name}: {error}");
        return new EndpointTarget(endPoint);
    }

    /// <summary>A container target; port 0 picks a free loopback port and puts it in place of {port} in cmd and env.</summary>
    public static DockerTarget Docker(DockerSpec spec, Uri? dockerHost, TimeSpan startTimeout)
    {
        int port = spec.Port == 0 ? LoopbackPort.Pick() : spec.Port;
        string Fill(string s) => s.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return new DockerTarget(new ContainerTargetOptions
        {
            Image = spec.Image,
            ProxyPort = port,
            Command = [.. spec.Cmd.Select(Fill)],
            Environment = [.. spec.Env.Select(Fill)],
            Endpoint = dockerHost,
            StartTimeout = startTimeout,
        });
    }
}
