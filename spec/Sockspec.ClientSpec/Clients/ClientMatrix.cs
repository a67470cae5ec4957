using Sockspec.ClientSpec.Harness;
using Sockspec.Proxy.Client;

namespace Sockspec.ClientSpec.Clients;

/// <summary>One named client configuration: how to run it, and the credentials it is configured with.</summary>
public sealed record MatrixEntry(string Name, string Description, Func<IClientUnderTest> Create, string? User = null, string? Password = null);

/// <summary>
/// The published client matrix (reports/clients/) and the built-in clients, by name: `sockspec clients --client NAME`,
/// the matrix test and run-matrix.sh all use these, so the commands live in one place.
/// </summary>
public static class ClientMatrix
{
    public const string User = "sockspec";
    public const string Password = "s3cret";

    /// <summary>A proxychains4 config written per case into {tmp}: strict chain through the scripted server only.</summary>
    private const string ProxychainsConfig =
        "printf 'strict_chain\\nquiet_mode\\nproxy_dns\\ntcp_read_time_out 1500\\ntcp_connect_time_out 1500\\n[ProxyList]\\nsocks5 {proxy_host} {proxy_port}\\n' > {tmp}/proxychains.conf";

    private static MatrixEntry Exec(string name, string description, string command, string? stdin = null, bool credentials = false) =>
        new(name, description, () => new ExecClient(command, stdin), credentials ? User : null, credentials ? Password : null);

    private const string HttpGet = "GET {target_path} HTTP/1.0\\r\\nHost: {target_hostport}\\r\\n\\r\\n";

    /// <summary>The third-party clients whose verdicts are published and pinned by expected-results files.</summary>
    public static IReadOnlyList<MatrixEntry> Published { get; } =
    [
        Exec("curl-socks4", "curl -x socks4:// (resolves names itself)", "curl -sS -x socks4://{proxy} {target}"),
        Exec("curl-socks4a", "curl -x socks4a:// (names to the proxy)", "curl -sS -x socks4a://{proxy} {target}"),
        Exec("curl-socks5", "curl -x socks5:// (resolves names itself)", "curl -sS -x socks5://{proxy} {target}"),
        Exec("curl-socks5h", "curl -x socks5h:// (names to the proxy)", "curl -sS -x socks5h://{proxy} {target}"),
        Exec("curl-socks5h-userpass", "curl -x socks5h://user:password@", "curl -sS -x socks5h://{user}:{password}@{proxy} {target}", credentials: true),
        Exec("ncat-socks5", "ncat --proxy-type socks5 --proxy-dns remote, HTTP request on stdin",
            "ncat --proxy {proxy} --proxy-type socks5 --proxy-dns remote {target_host} {target_port}", HttpGet),
        Exec("ncat-socks4", "ncat --proxy-type socks4, HTTP request on stdin",
            "ncat --proxy {proxy} --proxy-type socks4 {target_host} {target_port}", HttpGet),
        Exec("proxychains4-socks5", "proxychains4 (strict_chain, proxy_dns, 1.5 s read timeout) around curl",
            ProxychainsConfig + " && proxychains4 -q -f {tmp}/proxychains.conf curl -sS {target}"),
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

    public static IEnumerable<MatrixEntry> All => Published.Concat(Reference);

    public static MatrixEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
