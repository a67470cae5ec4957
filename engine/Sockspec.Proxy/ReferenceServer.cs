using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>
/// The reference SOCKS4/4a/5 server: listens, enforces the connection limit, runs one <see cref="ClientSession"/> per
/// accepted connection and closes relays that sit idle. Start with <see cref="StartAsync"/>; dispose to stop.
/// </summary>
public sealed class ReferenceServer : IAsyncDisposable
{
    private readonly ServerOptions _options;
    private readonly List<Socket> _listeners;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Connection, byte> _active = new();
    private readonly List<Task> _loops = [];
    private int _count;
    private long _unexpectedErrors;

    private ReferenceServer(ServerOptions options, List<Socket> listeners)
    {
        _options = options;
        _listeners = listeners;
        Endpoints = listeners.Select(l => (IPEndPoint)l.LocalEndPoint!).ToList();
    }

    /// <summary>The endpoints actually bound (the real port when port 0 was asked for).</summary>
    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>Connections currently open (handshaking or relaying).</summary>
    public int ActiveConnections => Volatile.Read(ref _count);

    /// <summary>
    /// Sessions ended by an exception the server does not expect (anything but what a peer or the network causes, or
    /// the cancellation of its own shutdown): each is a bug in the server, logged through <see cref="ServerOptions.Log"/>
    /// with its stack and raised as <see cref="UnexpectedError"/>.
    /// </summary>
    public long UnexpectedErrors => Interlocked.Read(ref _unexpectedErrors);

    /// <summary>
    /// Raised on the session's thread with each exception counted in <see cref="UnexpectedErrors"/>, before the
    /// connection stops being counted in <see cref="ActiveConnections"/>. A handler must not throw.
    /// </summary>
    public event Action<Exception>? UnexpectedError;

    internal ServerOptions Options => _options;

    public static Task<ReferenceServer> StartAsync(ServerOptions options, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        Validate(options);
        var endpoints = options.Listen.Count > 0 ? options.Listen : [ServerOptions.DefaultListen];
        var listeners = new List<Socket>();
        try
        {
            foreach (var ep in endpoints)
            {
                var s = new Socket(ep.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                listeners.Add(s);
                if (ep.AddressFamily == AddressFamily.InterNetworkV6) s.DualMode = false;
                s.Bind(ep);
                s.Listen(4096);
            }
        }
        catch
        {
            foreach (var l in listeners) l.Dispose();
            throw;
        }
        var server = new ReferenceServer(options, listeners);
        foreach (var l in listeners) server._loops.Add(server.AcceptLoopAsync(l));
        server._loops.Add(server.SweepIdleAsync());
        return Task.FromResult(server);
    }

    /// <summary>Refuses settings that would make an open relay or an unbounded server.</summary>
    internal static void Validate(ServerOptions o)
    {
        var listen = o.Listen.Count > 0 ? o.Listen : [ServerOptions.DefaultListen];
        if (o.Users.Count == 0 && !o.AllowOpenRelay && listen.FirstOrDefault(ep => !IPAddress.IsLoopback(ep.Address)) is { } open)
            throw new InvalidOperationException(
                $"refusing to listen on {open} without authentication: set users, or allow an open relay explicitly");
        if (o.MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(o), "MaxConnections must be at least 1");
        if (o.HandshakeTimeout <= TimeSpan.Zero || o.ConnectTimeout <= TimeSpan.Zero || o.IdleTimeout <= TimeSpan.Zero ||
            o.BindTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(o), "timeouts must be positive");
        if (o.RelayPortMin < 0 || o.RelayPortMax > 65535 || o.RelayPortMin > o.RelayPortMax)
            throw new ArgumentOutOfRangeException(nameof(o), "relay port range must satisfy 0 <= min <= max <= 65535");
        if (o.RelayBufferSize is < 1024 or > 16 * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(o), "relay buffer size must be 1 KiB to 16 MiB");
        if (o.MaxDomainLength is < 1 or > 255 || o.MaxUserIdLength is < 0 or > 255)
            throw new ArgumentOutOfRangeException(nameof(o), "field limits must be within what the wire can carry (255)");
        foreach (var (user, pass) in o.Users)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(user) is 0 or > 255 || System.Text.Encoding.UTF8.GetByteCount(pass) is 0 or > 255)
                throw new ArgumentException("user names and passwords must be 1-255 bytes (RFC 1929)", nameof(o));
        }
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try
            {
                s = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException)
            {
                // EMFILE and friends: back off briefly rather than spin, and keep serving.
                try { await Task.Delay(50, _stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            if (Interlocked.Increment(ref _count) > _options.MaxConnections)
            {
                Interlocked.Decrement(ref _count);
                s.Dispose();
                continue;
            }
            _ = RunSessionAsync(s);
        }
    }

    private async Task RunSessionAsync(Socket socket)
    {
        var conn = new Connection(socket);
        _active.TryAdd(conn, 0);
        try
        {
            await new ClientSession(this, conn, _stop.Token).RunAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFault(e))
        {
            // What a peer, the network or the server's own shutdown causes: the session has logged its outcome.
        }
        catch (Exception e)
        {
            // A bug: the session logged it with its stack; count it and tell whoever watches (tests, the fuzzer).
            // Nothing is rethrown: a fire-and-forget task's exception would go unobserved, and the server keeps serving.
            Interlocked.Increment(ref _unexpectedErrors);
            UnexpectedError?.Invoke(e);
        }
        finally
        {
            conn.Abort();
            _active.TryRemove(conn, out _);
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Exceptions a session may end with that are nobody's bug: a reset, a close under it, its shutdown.</summary>
    private bool IsConnectionFault(Exception e) =>
        e is SocketException or IOException or ObjectDisposedException ||
        (e is OperationCanceledException && _stop.IsCancellationRequested);

    /// <summary>
    /// One sweep (at most a second apart) closes relays idle past the limit and handshakes past their deadline: cheaper
    /// than a timer per connection, which shows in handshakes per second.
    /// </summary>
    private async Task SweepIdleAsync()
    {
        long idleMs = (long)_options.IdleTimeout.TotalMilliseconds;
        long period = Math.Min(idleMs, (long)_options.HandshakeTimeout.TotalMilliseconds) / 4;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(period, 10, 1000)));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                foreach (var c in _active.Keys)
                {
                    if (c.Relaying ? now - c.LastActivity > idleMs : now > c.HandshakeDeadline)
                    {
                        c.TimedOut = !c.Relaying;
                        c.Abort();
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        foreach (var l in _listeners) l.Dispose();
        foreach (var c in _active.Keys) c.Abort();
        try { await Task.WhenAll(_loops).ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
