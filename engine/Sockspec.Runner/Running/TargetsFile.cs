using Sockspec.Targets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sockspec.Runner.Cases;
using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>
/// A targets file for one run over several implementations (`sockspec run --targets FILE`, `sockspec clients --targets
/// FILE`), JSON. The project's roster of real implementations (engine/targets/roster.json) is one such file.
/// <code>
/// { "dockerHost": "unix:///run/sockspec-docker.sock",          (optional; else DOCKER_HOST)
///   "targets": [
///     { "name": "reference", "reference": true },                (the embedded reference proxy)
///     { "name": "microsocks", "docker": { "image": "sockspec/microsocks", "cmd": ["{port}"] },
///       "local": "engine/targets/microsocks/start.sh {port}", "package": "microsocks", "describe": "microsocks {version}" },
///     { "name": "dante-username", "docker": { "image": "sockspec/dante", "cmd": ["{port}", "username"], "env": ["K=V"] },
///       "user": "sockspec", "password": "sockspec", "profile": { "bind": true }, "expect": "reports/expected/dante-username.expect" },
///     { "name": "local", "exec": "engine/targets/microsocks/start.sh {port}" },
///     { "name": "mine", "address": "127.0.0.1:1080" },
///     { "name": "curl-socks5", "kind": "client", "exec": "curl -sS -x socks5://{proxy} {target}" },
///     { "name": "httpclient-socks5", "kind": "client", "builtin": "httpclient-socks5" } ] }
/// </code>
/// Each target has a name (letters, digits, '.', '_', '-': it names the report files) and a kind, "server" (the default)
/// or "client". A server has exactly one of address, exec, docker and reference; "local" is the same implementation as a
/// local process, run instead of the container by `--local`. A client has exactly one of exec (a command with the
/// placeholders of `sockspec clients --exec`, with optional "stdin") and builtin (a client built into sockspec). A docker
/// target without "port" gets a free loopback port, substituted for {port} in cmd and env. "describe" says what the
/// target is in the Markdown matrix, its {version} being the installed version of the Debian "package".
/// Relative paths (expect, exec, local) are taken from the current directory, as on the command line.
/// </summary>
public static partial class TargetsFile
{
    /// <summary>Bounds a file that is read whole: a targets file is a few hundred bytes per target.</summary>
    private const long MaxBytes = 1 << 20;

    public static TargetsPlan Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FormatException($"targets file {path} does not exist");
        if (info.Length > MaxBytes) throw new FormatException($"targets file {path} is larger than {MaxBytes} bytes");
        return Parse(File.ReadAllText(path), path);
    }

    public static TargetsPlan Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON ({e.Message}); YAML is not supported, write the file as JSON");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: expected an object with \"targets\"");
            CheckKeys(root, source, "targets", "dockerHost");
            Uri? dockerHost = null;
            if (OptionalString(root, "dockerHost", source) is { } host)
            {
                if (!Uri.TryCreate(host, UriKind.Absolute, out dockerHost)) throw new FormatException($"{source}: dockerHost '{host}' is not a URI");
            }
            if (!root.TryGetProperty("targets", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw new FormatException($"{source}: \"targets\" must be a non-empty array");
            var targets = new List<TargetSpec>();
            int i = 0;
            foreach (var item in list.EnumerateArray())
            {
                targets.Add(ParseTarget(item, $"{source}: targets[{i++}]"));
            }
            var duplicate = targets.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new FormatException($"{source}: the name '{duplicate.Key}' is used twice");
            return new TargetsPlan(dockerHost, targets);
        }
    }

    private static TargetSpec ParseTarget(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected an object");
        CheckKeys(e, where, "name", "kind", "address", "exec", "docker", "reference", "local", "builtin", "stdin", "user", "password",
            "profile", "expect", "describe", "package");
        var name = OptionalString(e, "name", where) ?? throw new FormatException($"{where}: \"name\" is required");
        if (!SafeName().IsMatch(name)) throw new FormatException($"{where}: name '{name}' may hold only letters, digits, '.', '_' and '-' (it names the report files)");
        where = $"{where} ({name})";
        var kind = OptionalString(e, "kind", where) switch
        {
            null or "server" => TargetKind.Server,
            "client" => TargetKind.Client,
            var other => throw new FormatException($"{where}: kind '{other}' is neither \"server\" nor \"client\""),
        };
        var address = OptionalString(e, "address", where);
        var exec = OptionalString(e, "exec", where);
        DockerSpec? docker = e.TryGetProperty("docker", out var d) ? ParseDocker(d, where) : null;
        bool reference = OptionalBool(e, "reference", where);
        var local = OptionalString(e, "local", where);
        var builtin = OptionalString(e, "builtin", where);
        var stdin = OptionalString(e, "stdin", where);
        if (kind == TargetKind.Server)
        {
            int kinds = (address is null ? 0 : 1) + (exec is null ? 0 : 1) + (docker is null ? 0 : 1) + (reference ? 1 : 0);
            if (kinds != 1) throw new FormatException($"{where}: give exactly one of \"address\", \"exec\", \"docker\" and \"reference\"");
            if (local is not null && docker is null) throw new FormatException($"{where}: \"local\" is the local form of a \"docker\" target");
            if ((builtin ?? stdin) is not null) throw new FormatException($"{where}: \"builtin\" and \"stdin\" belong to clients (\"kind\": \"client\")");
        }
        else
        {
            if ((exec is null) == (builtin is null)) throw new FormatException($"{where}: a client has exactly one of \"exec\" and \"builtin\"");
            if (address is not null || docker is not null || reference || local is not null || e.TryGetProperty("profile", out _))
                throw new FormatException($"{where}: a client has no \"address\", \"docker\", \"reference\", \"local\" or \"profile\"");
            if (stdin is not null && exec is null) throw new FormatException($"{where}: \"stdin\" goes with \"exec\"");
        }
        string? user = OptionalString(e, "user", where), password = OptionalString(e, "password", where);
        if ((user is null) != (password is null)) throw new FormatException($"{where}: \"user\" and \"password\" go together");
        var profile = new Dictionary<Features, bool>();
        if (e.TryGetProperty("profile", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: \"profile\" must be an object of feature: true|false");
            foreach (var f in p.EnumerateObject())
            {
                if (!FeatureNames.TryParse(f.Name, out var feature))
                    throw new FormatException($"{where}: unknown feature '{f.Name}' in \"profile\" (known: {string.Join(", ", FeatureNames.All.Select(x => x.Name))})");
                if (f.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw new FormatException($"{where}: profile feature '{f.Name}' must be true or false");
                profile[feature] = f.Value.GetBoolean();
            }
        }
        return new TargetSpec(name, address, exec, docker, user is null ? null : new Credentials(user, password!), profile,
            OptionalString(e, "expect", where))
        {
            Kind = kind,
            Reference = reference,
            Local = local,
            Builtin = builtin,
            Stdin = stdin,
            Describe = OptionalString(e, "describe", where),
            Package = OptionalString(e, "package", where),
        };
    }

    private static DockerSpec ParseDocker(JsonElement d, string where)
    {
        where += ": docker";
        if (d.ValueKind != JsonValueKind.Object) throw new FormatException($"{where}: expected an object with \"image\"");
        CheckKeys(d, where, "image", "cmd", "env", "port");
        var image = OptionalString(d, "image", where) ?? throw new FormatException($"{where}: \"image\" is required");
        var cmd = StringArray(d, "cmd", where);
        var env = StringArray(d, "env", where);
        int port = 0;
        if (d.TryGetProperty("port", out var p) && (!p.TryGetInt32(out port) || port is < 1 or > 65535))
            throw new FormatException($"{where}: \"port\" must be a number in 1-65535 (leave it out to get a free port as {{port}})");
        if (port == 0 && !cmd.Concat(env).Any(s => s.Contains("{port}", StringComparison.Ordinal)))
            throw new FormatException($"{where}: give \"port\", or use {{port}} in cmd or env so the proxy learns the free port chosen for it");
        if (env.FirstOrDefault(v => v.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
            throw new FormatException($"{where}: env entry '{bad}' is not KEY=VALUE");
        return new DockerSpec(image, cmd, env, port);
    }

    private static void CheckKeys(JsonElement e, string where, params string[] known)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (!known.Contains(p.Name, StringComparer.Ordinal))
                throw new FormatException($"{where}: unknown key \"{p.Name}\" (known: {string.Join(", ", known)})");
        }
    }

    private static string? OptionalString(JsonElement e, string key, string where)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String || v.GetString() is not { Length: > 0 } s) throw new FormatException($"{where}: \"{key}\" must be a non-empty string");
        return s;
    }

    private static bool OptionalBool(JsonElement e, string key, string where)
    {
        if (!e.TryGetProperty(key, out var v)) return false;
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new FormatException($"{where}: \"{key}\" must be true or false");
        return v.GetBoolean();
    }

    private static IReadOnlyList<string> StringArray(JsonElement e, string key, string where)
    {
        if (!e.TryGetProperty(key, out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            throw new FormatException($"{where}: \"{key}\" must be an array of strings");
        return [.. v.EnumerateArray().Select(x => x.GetString()!)];
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SafeName();
}

/// <summary>The targets of one multi-target run, in the order of the file (the matrix's column order).</summary>
public sealed record TargetsPlan(Uri? DockerHost, IReadOnlyList<TargetSpec> Targets)
{
    public IReadOnlyList<TargetSpec> Servers => [.. Targets.Where(t => t.Kind == TargetKind.Server)];

    public IReadOnlyList<TargetSpec> Clients => [.. Targets.Where(t => t.Kind == TargetKind.Client)];
}

/// <summary>Whether a target is graded by the server suite (a proxy) or by the client suite (a SOCKS client).</summary>
public enum TargetKind { Server, Client }

/// <summary>
/// One target of a targets file. A server has exactly one of <see cref="Address"/>, <see cref="Exec"/>,
/// <see cref="Docker"/> and <see cref="Reference"/>; a client one of <see cref="Exec"/> and <see cref="Builtin"/>.
/// </summary>
public sealed record TargetSpec(
    string Name,
    string? Address,
    string? Exec,
    DockerSpec? Docker,
    Credentials? Credentials,
    IReadOnlyDictionary<Features, bool> Profile,
    string? Expect)
{
    public TargetKind Kind { get; init; } = TargetKind.Server;

    /// <summary>The embedded reference proxy.</summary>
    public bool Reference { get; init; }

    /// <summary>The same implementation as a local process: the command `--local` runs instead of the container.</summary>
    public string? Local { get; init; }

    /// <summary>A client built into sockspec, by name.</summary>
    public string? Builtin { get; init; }

    /// <summary>What an exec client gets on its stdin (placeholders and \r \n escapes).</summary>
    public string? Stdin { get; init; }

    /// <summary>What the target is, for the Markdown matrix; {version} is <see cref="Package"/>'s installed version.</summary>
    public string? Describe { get; init; }

    /// <summary>The Debian package the target comes from.</summary>
    public string? Package { get; init; }

    /// <summary>How the target runs, for the matrix: "container", "local process", "embedded", "address" or "built in".</summary>
    public string RanAs => Kind == TargetKind.Client
        ? Builtin is null ? "command" : "built in"
        : Docker is not null ? "container" : Exec is not null ? "local process" : Reference ? "embedded" : "address";

    /// <summary>This target run as its local process instead of its container (null when it has no local form).</summary>
    public TargetSpec? AsLocal() => Local is null ? null : this with { Docker = null, Exec = Local, Local = null };
}

/// <summary>A container target: a local image, the arguments replacing its CMD, extra environment, the proxy's port (0: a free one).</summary>
public sealed record DockerSpec(string Image, IReadOnlyList<string> Cmd, IReadOnlyList<string> Env, int Port);
