using System.Net;
using System.Net.Sockets;
using Sockspec.Targets;

namespace Sockspec.NetFuzz.Tests;

/// <summary>
/// A tiny in-process stand-in for a buggy proxy. It answers a plain SOCKS5 no-auth handshake (so the control handshake
/// works), reads every connection to EOF, and then, by what it read, closes normally, "crashes" (stops listening and
/// reports <see cref="Crashed"/> until restarted) or hangs (keeps the connection open without a byte).
/// </summary>
internal sealed class FakeProxyTarget(Func<byte[], FakeProxyTarget.Behaviour> judge) : ITarget
{
    public enum Behaviour { Close, Crash, Hang }

    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private volatile string? _crashed;

    public int Crashes { get; private set; }

    public string Name => "fake proxy";

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public string? Crashed => _crashed;

    public IReadOnlyList<string> Log => [];

    public string ReproducerArgs => "";

    public Task StartAsync(CancellationToken ct)
    {
        var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        l.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        l.Bind(EndPoint);
        l.Listen(512);
        EndPoint = (IPEndPoint)l.LocalEndPoint!;
        _listener = l;
        _ = AcceptLoop(l);
        return Task.CompletedTask;
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        if (_crashed is null) return;
        _crashed = null;
        await StartAsync(ct);
    }

    private async Task AcceptLoop(Socket l)
    {
        try
        {
            while (true) _ = Serve(await l.AcceptAsync(_stop.Token));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped listening ("crashed") or disposed.
        }
    }

    private async Task Serve(Socket s)
    {
        using var _ = s;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(10));
        var data = new List<byte>();
        bool greeted = false, replied = false;
        var buf = new byte[4096];
        try
        {
            while (data.Count < 65536)
            {
                int n = await s.ReceiveAsync(buf, SocketFlags.None, cts.Token);
                if (n == 0) break;
                data.AddRange(buf.AsSpan(0, n));
                if (!greeted && data.Count >= 3 && data[0] == 5 && data[1] == 1 && data[2] == 0)
                {
                    greeted = true;
                    await s.SendAsync(new byte[] { 5, 0 }, SocketFlags.None, cts.Token);
                }
                if (greeted && !replied && data.Count >= 13)
                {
                    replied = true;
                    await s.SendAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 1 }, SocketFlags.None, cts.Token);
                }
            }
            switch (judge([.. data]))
            {
                case Behaviour.Crash:
                    Crashes++;
                    _crashed = "the fake proxy crashed";
                    _listener?.Dispose();
                    break;
                case Behaviour.Hang:
                    await Task.Delay(Timeout.Infinite, cts.Token);
                    break;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client reset the connection or the fake is shutting down.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener?.Dispose();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
