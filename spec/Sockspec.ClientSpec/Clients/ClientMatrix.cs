using Sockspec.ClientSpec.Harness;
using Sockspec.Proxy.Client;
using Sockspec.Runner.Running;

namespace Sockspec.ClientSpec.Clients;

/// <summary>One named client configuration: how to run it, and the credentials it is configured with.</summary>
public sealed record MatrixEntry(string Name, string Description, Func<IClientUnderTest> Create, string? User = null, string? Password = null);

/// <summary>
/// The clients built into sockspec, by name (`sockspec clients --client NAME`), and the roster's client entries made
/// runnable: the third-party clients themselves are listed in the roster (engine/targets/roster.json) alone.
/// </summary>
public static class ClientMatrix
{
    public const string User = "sockspec";
    public const string Password = "s3cret";

    /// <summary>.NET's own SOCKS client (HttpClient with a socks proxy), which the roster lists as a real implementation.</summary>
    public static IReadOnlyList<MatrixEntry> HttpClients { get; } =
    [
        new("httpclient-socks5", ".NET HttpClient, WebProxy(\"socks5://...\")", () => new HttpClientClient("socks5")),
        new("httpclient-socks5-userpass", ".NET HttpClient, socks5 with NetworkCredential", () => new HttpClientClient("socks5", User, Password), User, Password),
        new("httpclient-socks4", ".NET HttpClient, WebProxy(\"socks4://...\")", () => new HttpClientClient("socks4")),
        new("httpclient-socks4a", ".NET HttpClient, WebProxy(\"socks4a://...\")", () => new HttpClientClient("socks4a")),
    ];

    /// <summary>The project's own client library, which must pass every case.</summary>
    public static IReadOnlyList<MatrixEntry> Reference { get; } =
    [
        new("reference-socks5", "reference SocksClient, SOCKS5", () => new ReferenceClient(SocksVersion.Socks5)),
        new("reference-socks5-userpass", "reference SocksClient, SOCKS5 with RFC 1929", () => new ReferenceClient(SocksVersion.Socks5, User, Password), User, Password),
        new("reference-socks4", "reference SocksClient, SOCKS4", () => new ReferenceClient(SocksVersion.Socks4)),
        new("reference-socks4a", "reference SocksClient, SOCKS4a", () => new ReferenceClient(SocksVersion.Socks4a)),
    ];

    public static IEnumerable<MatrixEntry> All => HttpClients.Concat(Reference);

    public static MatrixEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);

    /// <summary>
    /// A roster client entry as a runnable client: its command, or the built-in client it names. The built-in's
    /// credentials are fixed in code, so a roster entry that names other ones is refused rather than graded wrongly.
    /// </summary>
    public static MatrixEntry FromTarget(TargetSpec spec, string description)
    {
        if (spec.Kind != TargetKind.Client) throw new FormatException($"target {spec.Name} is a server, graded by `sockspec run`");
        if (spec.Exec is { } command)
            return new MatrixEntry(spec.Name, description, () => new ExecClient(command, spec.Stdin), spec.Credentials?.User, spec.Credentials?.Password);
        var builtin = Find(spec.Builtin!) ?? throw new FormatException(
            $"target {spec.Name}: no built-in client '{spec.Builtin}' (known: {string.Join(", ", All.Select(e => e.Name))})");
        if (builtin.User != spec.Credentials?.User || builtin.Password != spec.Credentials?.Password)
            throw new FormatException($"target {spec.Name}: the built-in client {builtin.Name} is configured with "
                + (builtin.User is null ? "no credentials" : $"user '{builtin.User}' and its password") + "; give the same in the roster");
        return builtin with { Name = spec.Name, Description = description };
    }
}
