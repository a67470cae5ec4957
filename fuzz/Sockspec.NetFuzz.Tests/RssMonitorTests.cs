using System.Net;
using Sockspec.Targets;

namespace Sockspec.NetFuzz.Tests;

public class RssMonitorTests
{
    private sealed class LogOnlyTarget(params string[] log) : ITarget
    {
        public string Name => "log only";
        public IPEndPoint EndPoint => new(IPAddress.Loopback, 1);
        public string? Crashed => null;
        public IReadOnlyList<string> Log => log;
        public string ReproducerArgs => "";
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task RestartAsync(CancellationToken ct) => Task.CompletedTask;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public void Sees_the_resident_memory_of_the_started_process_grow()
    {
        var monitor = new RssMonitor(new LogOnlyTarget("stdout: hello", $"started pid {Environment.ProcessId}: some command", "stdout: x"));
        Assert.Equal(Environment.ProcessId, monitor.Pid);
        long before = monitor.RssKib() ?? 0;
        Assert.True(before > 1000, $"RSS {before} KiB");

        var block = GC.AllocateUninitializedArray<byte>(96 << 20, pinned: true);
        for (int i = 0; i < block.Length; i += 4096) block[i] = 1;
        long after = monitor.RssKib() ?? 0;
        GC.KeepAlive(block);

        Assert.True(after - before > 64 * 1024, $"RSS {before} KiB -> {after} KiB");
    }

    [Fact]
    public void Without_a_start_line_there_is_nothing_to_watch()
    {
        var monitor = new RssMonitor(new LogOnlyTarget("stdout: listening on 127.0.0.1:1080"));
        Assert.Null(monitor.Pid);
        Assert.Null(monitor.RssKib());
    }
}
