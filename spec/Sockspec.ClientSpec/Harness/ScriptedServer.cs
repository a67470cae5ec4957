using System.Net;
using System.Net.Sockets;
using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Harness;

/// <summary>
/// The strict SOCKS server of one case run: listens on 127.0.0.1 (port 0) and runs the case's script on every
/// connection the client opens (a client may retry), each traced as client#N.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    /// <summary>A client that opens more connections than this in one case is looping; the rest are closed unserved.</summary>
    private const int MaxConnections = 8;

    private readonly TcpListener _listener;
    private readonly ClientCaseContext _context;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ScriptSession Session, Task Run)> _sessions = [];
    private readonly Task _loop;

    public ScriptedServer(ClientCaseContext context)
    {
        _context = context;
        _listener = LoopbackListener.Start(MaxConnections);
        _loop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                int index;
                lock (_sessions) index = _sessions.Count + 1;
                if (index > MaxConnections)
                {
                    _context.Trace.Note($"connection {index} closed unserved (more than {MaxConnections} in one case)");
                    socket.Dispose();
                    continue;
                }
                _context.Trace.Declare($"client#{index}", TracePeer.Client);
                var conn = TracedConnection.Wrap(socket, $"client#{index}", _context.Trace, _context.Remaining);
                var session = new ScriptSession(conn, _context, index);
                lock (_sessions) _sessions.Add((session, RunAsync(session)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    private async Task RunAsync(ScriptSession session)
    {
        await using var conn = session.Connection;
        try
        {
            await _context.Case.Script(session);
        }
        catch (OperationCanceledException)
        {
            session.Note("the script was cut off at the case deadline");
        }
        catch (Exception e)
        {
            // A script bug must show as an error verdict, never as a verdict about the client.
            session.ScriptError = e.GetType().Name + ": " + e.Message;
            session.Note("script error: " + session.ScriptError);
        }
    }

    /// <summary>Stops accepting and waits (bounded) for every script to end; the sessions in connection order.</summary>
    public async Task<IReadOnlyList<ScriptSession>> StopAsync(TimeSpan grace)
    {
        _stop.Cancel();
        _listener.Stop();
        await _loop;
        List<(ScriptSession Session, Task Run)> all;
        lock (_sessions) all = [.. _sessions];
        var done = Task.WhenAll(all.Select(s => s.Run));
        if (await Task.WhenAny(done, Task.Delay(grace)) != done)
            _context.Trace.Add("suite", TraceDirection.Local, TraceEventKind.Note, default, "a script outlived the case (it is cancelled)");
        return all.Select(s => s.Session).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync(TimeSpan.FromSeconds(1));
        _stop.Dispose();
    }
}
