using System.Net;

namespace Sockspec.ClientSpec.Harness;

/// <summary>Everything a client under test is told for one case run.</summary>
public sealed record ClientRun(
    ClientCase Case,
    IPEndPoint Proxy,
    string TargetHost,
    int TargetPort,
    string TargetPath,
    string Body,
    TimeSpan Deadline,
    string TempDir,
    string? User,
    string? Password)
{
    public string TargetUrl => $"http://{TargetHost}:{TargetPort}{TargetPath}";

    /// <summary>An HTTP/1.0 request for the target, for clients that are raw pipes (ncat).</summary>
    public string HttpRequest => $"GET {TargetPath} HTTP/1.0\r\nHost: {TargetHost}:{TargetPort}\r\n\r\n";
}

public enum ClientOutcomeKind
{
    /// <summary>The target's body reached the client's output.</summary>
    Fetched,

    /// <summary>The client ended without the body (exit code in <see cref="ClientOutcome.ExitCode"/>).</summary>
    Failed,

    /// <summary>Still running at the deadline; killed (process tree) or cancelled.</summary>
    Hung,

    /// <summary>The client could not be started at all (a setup error).</summary>
    NotStarted,
}

public sealed record ClientOutcome(ClientOutcomeKind Kind, int? ExitCode, TimeSpan After, string Detail)
{
    public string Describe() => Kind switch
    {
        ClientOutcomeKind.Fetched => $"client fetched the body (exit {ExitCode?.ToString() ?? "-"}, {After.TotalMilliseconds:0} ms)",
        ClientOutcomeKind.Failed => $"client ended without the body (exit {ExitCode?.ToString() ?? "-"}, {After.TotalMilliseconds:0} ms)",
        ClientOutcomeKind.Hung => $"client still running at the {After.TotalSeconds:0.#} s deadline (killed)",
        _ => "client could not be started: " + Detail,
    };
}

/// <summary>A SOCKS client that the suite can run once per case: a command line, or a library in-process.</summary>
public interface IClientUnderTest
{
    string Name { get; }

    /// <summary>A command line that reruns one case with this client (for reports).</summary>
    string Reproducer(string caseId);

    Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct);
}
