using System.CommandLine;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Cli.Commands;

/// <summary>
/// The container and multi-target options of `sockspec run`: --docker IMAGE [--docker-cmd ARGS...] [--docker-env K=V]...
/// [--proxy-port N] [--docker-host URI], and --targets FILE.
/// </summary>
internal sealed class DockerOptions
{
    /// <summary>How long a container has, after (re)start, to accept on its port.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    public Option<string?> Image { get; } = new("--docker")
    {
        Description = "run the proxy from this local image (never pulled) in a container on the host network, and test it",
    };

    public Option<string[]> Cmd { get; } = new("--docker-cmd")
    {
        Description = "arguments replacing the image's CMD (several may follow one --docker-cmd); {port} becomes the proxy port",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<string[]> Env { get; } = new("--docker-env")
    {
        Description = "KEY=VALUE for the container's environment (repeatable); {port} becomes the proxy port",
    };

    public Option<int?> ProxyPort { get; } = new("--proxy-port")
    {
        Description = "the port the container's proxy listens on, on 127.0.0.1 (left out: a free port, passed as {port})",
    };

    public Option<string?> DockerHost { get; } = new("--docker-host")
    {
        Description = "the Docker engine, e.g. unix:///run/sockspec-docker.sock or tcp://127.0.0.1:2375 (default: DOCKER_HOST)",
    };

    public Option<string?> Targets { get; } = new("--targets")
    {
        Description = "run every target of this JSON file (name, address | exec | docker, user/password, profile, expect) "
            + "into one HTML matrix in --out, with <name>.json and <name>.junit.xml per target",
    };

    public Option<bool> Local { get; } = new("--local")
    {
        Description = "with --targets: run each container target's \"local\" form (the same binary as a local process) instead; targets without one are skipped",
    };

    public Option<string[]> Only { get; } = new("--only")
    {
        Description = "with --targets: run only the target of this name (repeatable)",
    };

    public Option<bool> UpdateExpect { get; } = new("--update-expect")
    {
        Description = "with --targets: rewrite each target's \"expect\" file with this run's verdicts (review the diff before committing it)",
    };

    public Option<string?> Markdown { get; } = new("--markdown")
    {
        Description = "with --targets: write the Markdown matrix (counts per target and every failing case, explained by --notes) to this file",
    };

    public Option<string?> Notes { get; } = new("--notes")
    {
        Description = "with --markdown: the hand-checked explanation of each FAIL, lines of 'target-glob<TAB>case-glob<TAB>deviation|suite<TAB>text'",
    };

    public Option<string?> Changes { get; } = new("--changes")
    {
        Description = "with --markdown: a Markdown file saying what changed since the previous publication, and why",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Image, Cmd, Env, ProxyPort, DockerHost, Targets, Local, Only, UpdateExpect, Markdown, Notes, Changes })
            command.Options.Add(option);
    }

    public bool DockerGiven(ParseResult parse) => parse.GetValue(Image) is not null;

    /// <summary>The Docker engine from --docker-host, or null for DOCKER_HOST; false with an error when it is not a URI.</summary>
    public bool TryGetHost(ParseResult parse, out Uri? host, out string error)
    {
        host = null;
        error = "";
        if (parse.GetValue(DockerHost) is not { } text) return true;
        if (Uri.TryCreate(text, UriKind.Absolute, out host)) return true;
        error = $"--docker-host: '{text}' is not a URI (e.g. unix:///run/docker.sock)";
        return false;
    }

    /// <summary>The container target the options describe, or null with a usage error.</summary>
    public ITarget? CreateTarget(ParseResult parse, out string error)
    {
        error = "";
        var image = parse.GetValue(Image)!;
        if (!TryGetHost(parse, out var host, out error)) return null;
        var cmd = parse.GetValue(Cmd) ?? [];
        var env = parse.GetValue(Env) ?? [];
        if (env.FirstOrDefault(e => e.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
        {
            error = $"--docker-env: '{bad}' is not KEY=VALUE";
            return null;
        }
        int port = parse.GetValue(ProxyPort) ?? 0;
        if (parse.GetValue(ProxyPort) is { } given && given is < 1 or > 65535)
        {
            error = "--proxy-port must be in 1-65535";
            return null;
        }
        if (port == 0 && !cmd.Concat(env).Any(s => s.Contains("{port}", StringComparison.Ordinal)))
        {
            error = "--docker needs --proxy-port N (or {port} in --docker-cmd/--docker-env, replaced by a free port)";
            return null;
        }
        return TargetFactory.Docker(new DockerSpec(image, cmd, env, port), host, StartTimeout);
    }

    /// <summary>The options that mean something only with --targets.</summary>
    public static IEnumerable<string> NeedTargets(ParseResult parse) =>
        new[] { "--local", "--only", "--update-expect", "--markdown", "--notes", "--changes" }
            .Where(name => parse.GetResult(name) is System.CommandLine.Parsing.OptionResult { Implicit: false });

    /// <summary>The options that select a single target or write single-target reports, which --targets replaces.</summary>
    public static IEnumerable<string> ConflictsWithTargets(ParseResult parse) =>
        new[] { "--target", "--exec", "--docker", "--docker-cmd", "--docker-env", "--proxy-port", "--user", "--password", "--json", "--junit", "--expect" }
            .Where(name => parse.GetResult(name) is System.CommandLine.Parsing.OptionResult { Implicit: false });
}
