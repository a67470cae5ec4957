namespace Sockspec.ClientSpec.Harness;

/// <summary>The {placeholders} of a client command line, filled per case run.</summary>
public static class Placeholders
{
    public static readonly string[] Names =
        ["{proxy}", "{proxy_host}", "{proxy_port}", "{target}", "{target_host}", "{target_port}", "{target_hostport}",
         "{target_path}", "{user}", "{password}", "{tmp}", "{case}"];

    public static string Fill(string template, ClientRun run) => template
        .Replace("{proxy}", $"{run.Proxy.Address}:{run.Proxy.Port}")
        .Replace("{proxy_host}", run.Proxy.Address.ToString())
        .Replace("{proxy_port}", run.Proxy.Port.ToString())
        .Replace("{target}", run.TargetUrl)
        .Replace("{target_hostport}", $"{run.TargetHost}:{run.TargetPort}")
        .Replace("{target_host}", run.TargetHost)
        .Replace("{target_port}", run.TargetPort.ToString())
        .Replace("{target_path}", run.TargetPath)
        .Replace("{user}", run.User ?? "")
        .Replace("{password}", run.Password ?? "")
        .Replace("{tmp}", run.TempDir)
        .Replace("{case}", run.Case.Id);
}
