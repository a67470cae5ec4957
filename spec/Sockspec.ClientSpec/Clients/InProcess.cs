using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Sockspec.ClientSpec.Harness;

namespace Sockspec.ClientSpec.Clients;

/// <summary>Shared plumbing of in-process clients: the deadline (cancellation means hung) and a bounded read to EOF.</summary>
internal static class InProcess
{
    private const int ResponseLimit = 256 * 1024;

    public static async Task<ClientOutcome> RunAsync(ClientRun run, CancellationToken ct, Func<CancellationToken, Task<string>> fetch)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(run.Deadline);
        try
        {
            var output = await fetch(deadline.Token);
            var kind = output.Contains(run.Body.Trim(), StringComparison.Ordinal) ? ClientOutcomeKind.Fetched : ClientOutcomeKind.Failed;
            return new ClientOutcome(kind, kind == ClientOutcomeKind.Fetched ? 0 : 1, clock.Elapsed, kind == ClientOutcomeKind.Fetched ? "" : Tail(output));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new ClientOutcome(ClientOutcomeKind.Hung, null, run.Deadline, "cancelled at the deadline");
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or HttpRequestException or NotSupportedException or InvalidOperationException or ArgumentException or OperationCanceledException)
        {
            return new ClientOutcome(ClientOutcomeKind.Failed, 1, clock.Elapsed, e.GetType().Name + ": " + Innermost(e));
        }
    }

    public static async Task<string> ReadToEndAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[ResponseLimit];
        int got = 0, n;
        while (got < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(got), ct)) > 0) got += n;
        return Encoding.ASCII.GetString(buffer, 0, got);
    }

    private static string Innermost(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) parts.Add(x.Message);
        return string.Join(" <- ", parts.Distinct());
    }

    private static string Tail(string s) => s.Length <= 200 ? s : s[..200] + "...";
}
