using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sockspec.Targets;

/// <summary>
/// Follows a container's stdout and stderr into a <see cref="ContainerLog"/>, one entry per line, until the container's
/// process ends (the engine closes the stream) or the token is cancelled. Never throws: a log that cannot be read is
/// noted in the log itself.
/// </summary>
internal static class ContainerLogFollower
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(10);

    public static async Task FollowAsync(
        DockerClient client, string containerId, DateTimeOffset? since, ContainerLog log, Action ended, CancellationToken ct)
    {
        var pending = new[] { new StringBuilder(), new StringBuilder() };
        try
        {
            var parameters = new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Follow = true,
                Since = since is { } t ? (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) : null,
            };
            MultiplexedStream stream;
            using (var open = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                open.CancelAfter(OpenTimeout);
                stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, open.Token);
            }
            using (stream)
            {
                var buffer = new byte[8192];
                while (true)
                {
                    var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct);
                    if (read.EOF) break;
                    int which = read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0;
                    Append(pending[which], Encoding.UTF8.GetString(buffer, 0, read.Count), which, log);
                }
            }
            Flush(pending, log);
            ended();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Flush(pending, log);
        }
        catch (Exception e)
        {
            Flush(pending, log);
            log.Add($"[sockspec] the container's output could no longer be followed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static void Append(StringBuilder pending, string text, int which, ContainerLog log)
    {
        foreach (char c in text)
        {
            if (c == '\n')
            {
                Emit(pending, which, log);
            }
            else if (c != '\r')
            {
                // A line that never ends (binary output) is cut rather than held without bound.
                if (pending.Length >= ContainerLog.MaxLineLength) Emit(pending, which, log);
                pending.Append(c);
            }
        }
    }

    private static void Flush(StringBuilder[] pending, ContainerLog log)
    {
        for (int i = 0; i < pending.Length; i++)
        {
            if (pending[i].Length > 0) Emit(pending[i], i, log);
        }
    }

    private static void Emit(StringBuilder pending, int which, ContainerLog log)
    {
        log.Add((which == 1 ? "stderr: " : "stdout: ") + pending);
        pending.Clear();
    }
}
