using System.Net.Sockets;

namespace Sockspec.Bench.Tests;

/// <summary>A peer of the benchmark is started from a roster command line, measured as a process tree, and stopped.</summary>
public sealed class PathUnderTestTests
{
    [Fact]
    public async Task A_local_command_gets_a_free_port_for_its_placeholder_and_is_measured_and_stopped()
    {
        Assert.True(File.Exists("/usr/bin/microsocks"), "microsocks is not installed (scripts/setup.sh installs it)");
        int pid;
        await using (var path = await PathUnderTest.LocalAsync("microsocks", "microsocks -i 127.0.0.1 -p {port}"))
        {
            Assert.Equal("microsocks", path.Name);
            using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
                await s.ConnectAsync(path.Proxy!);
            Assert.True(path.RssKiB() > 0);
            pid = path.ProcessId;
        }
        // `exec` made the shell the proxy itself, so stopping the path leaves no process behind.
        await Task.Delay(200);
        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_that_exits_at_once_is_an_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PathUnderTest.LocalAsync("broken", "sh -c 'exit 3' # {port}"));
        Assert.Contains("broken exited at start (code 3)", e.Message, StringComparison.Ordinal);
    }
}
