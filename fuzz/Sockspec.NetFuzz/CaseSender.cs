using System.Net;
using System.Net.Sockets;

namespace Sockspec.NetFuzz;

/// <summary>
/// Sends one case over a fresh loopback connection: its segments (with the case's delay between them), then FIN,
/// then reads whatever comes back (bounded) until the proxy closes or the deadline passes.
/// </summary>
public static class CaseSender
{
    private const int MaxReceive = 256 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    internal static readonly TimeSpan AfterAnswer = TimeSpan.FromMilliseconds(200);

    public static async Task<Outcome> SendAsync(IPEndPoint proxy, FuzzCase c, TimeSpan deadline, CancellationToken ct)
    {
        using var s = new Socket(proxy.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Reset on close: the client would otherwise hold a TIME_WAIT port per case and run out of ports in minutes.
        s.LingerState = new LingerOption(true, 0);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connect.CancelAfter(ConnectTimeout);
            try
            {
                await s.ConnectAsync(proxy, connect.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return new Outcome(OutcomeKind.ConnectFailed, 0, e is SocketException se ? se.SocketErrorCode.ToString() : "connect timed out");
            }
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            bool first = true;
            foreach (var segment in c.Segments())
            {
                if (!first && c.DelayMs > 0) await Task.Delay(c.DelayMs, ct);
                first = false;
                await s.SendAsync(segment, SocketFlags.None, ct);
            }
            s.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The proxy closed while we were still sending: it rejected the input, which is a normal end.
            return new Outcome(OutcomeKind.Closed, 0, "closed while sending");
        }
        cts.CancelAfter(deadline);
        var buffer = new byte[4096];
        int total = 0;
        try
        {
            while (total < MaxReceive)
            {
                int n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (n == 0) return new Outcome(OutcomeKind.Closed, total, "closed");
                // An answer rules out a hang; waiting out the whole deadline for the close would only cost throughput.
                if (total == 0) cts.CancelAfter(deadline < AfterAnswer ? deadline : AfterAnswer);
                total += n;
            }
            return new Outcome(OutcomeKind.AnsweredOpen, total, "answered more than the receive bound");
        }
        catch (SocketException e)
        {
            return new Outcome(OutcomeKind.Closed, total, e.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return total > 0
                ? new Outcome(OutcomeKind.AnsweredOpen, total, "answered, still open")
                : new Outcome(OutcomeKind.Silent, 0, $"no byte and no close within {deadline.TotalMilliseconds:0} ms after FIN");
        }
    }
}
