using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Sockspec.ClientSpec.Harness;

namespace Sockspec.ClientSpec.Clients;

/// <summary>
/// A client under test given as a shell command with placeholders (run by /bin/sh -c, one process per case). It
/// fetched when the target's body appears on its stdout; at the deadline its whole process tree is killed.
/// </summary>
public sealed class ExecClient(string command, string? stdin = null) : IClientUnderTest
{
    /// <summary>Output kept per stream: the body is short, and a runaway client must not fill memory.</summary>
    private const int OutputLimit = 256 * 1024;

    public string Name => command;

    public string Reproducer(string caseId) =>
        $"sockspec clients --exec {ShellQuote(command)}" + (stdin is null ? "" : $" --stdin {ShellQuote(stdin)}") + $" --cases {ShellQuote(caseId)}";

    public async Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = run.TempDir,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Placeholders.Fill(command, run));
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new ClientOutcome(ClientOutcomeKind.NotStarted, null, clock.Elapsed, e.Message);
        }
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);
        await FeedStdinAsync(process, stdin is null ? null : Placeholders.Fill(Unescape(stdin), run));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(run.Deadline);
        bool hung = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            hung = true;
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await process.WaitForExitAsync(grace.Token); } catch (OperationCanceledException) { }
        }
        var elapsed = clock.Elapsed;
        string output = await WithinAsync(stdout), errors = await WithinAsync(stderr);
        var detail = Tail(errors.Length > 0 ? errors : output);
        if (hung) return new ClientOutcome(ClientOutcomeKind.Hung, null, run.Deadline, detail);
        var kind = output.Contains(run.Body.Trim(), StringComparison.Ordinal) ? ClientOutcomeKind.Fetched : ClientOutcomeKind.Failed;
        return new ClientOutcome(kind, process.ExitCode, elapsed, detail);
    }

    private static async Task FeedStdinAsync(Process process, string? text)
    {
        try
        {
            if (text is not null) await process.StandardInput.WriteAsync(text);
            // Left open, a pipe client (ncat) would wait for more input; closed, it half-closes after the request.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The client exited without reading its input: its outcome says why.
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var sb = new StringBuilder();
        var buffer = new char[8192];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
            if (sb.Length < OutputLimit) sb.Append(buffer, 0, Math.Min(n, OutputLimit - sb.Length));
        return sb.ToString();
    }

    /// <summary>A killed shell may leave a grandchild holding the pipe: never wait for output longer than a moment.</summary>
    private static async Task<string> WithinAsync(Task<string> read) =>
        await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(2))) == read ? await read : "";

    private static string Tail(string s)
    {
        s = s.Trim().ReplaceLineEndings(" | ");
        return s.Length <= 300 ? s : "..." + s[^300..];
    }

    /// <summary>\r, \n, \t and \\ in --stdin, so that an HTTP request fits on a command line.</summary>
    public static string Unescape(string s) => s.Replace("\\r", "\r").Replace("\\n", "\n").Replace("\\t", "\t").Replace("\\\\", "\\");

    public static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
