using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sockspec.Targets.Docker;

/// <summary>Reads a container's stdout and stderr, interleaved as written, bounded in size.</summary>
internal static class ContainerLogs
{
    /// <summary>Beyond this many bytes the rest of a log is dropped (a report must stay readable, memory bounded).</summary>
    public const int MaxBytes = 1 << 20;

    public static async Task<string> ReadAsync(
        DockerClient client, string containerId, int? tailLines, CancellationToken cancellationToken)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = false,
            Tail = tailLines is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all",
        };
        using var stream = await client.Containers.GetContainerLogsAsync(containerId, tty: false, parameters, cancellationToken)
            .ConfigureAwait(false);
        var bytes = new MemoryStream();
        var buffer = new byte[16 * 1024];
        var truncated = false;
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var room = MaxBytes - (int)bytes.Length;
            if (read.Count > room)
            {
                bytes.Write(buffer, 0, room);
                truncated = true;
                break;
            }

            bytes.Write(buffer, 0, read.Count);
        }

        var text = Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
        return truncated ? text + $"\n[log truncated at {MaxBytes} bytes]\n" : text;
    }
}
