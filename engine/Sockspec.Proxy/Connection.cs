using System.Net.Sockets;

namespace Sockspec.Proxy;

/// <summary>The sockets one client connection owns, and when it last moved data (read by the idle sweep).</summary>
internal sealed class Connection(Socket client)
{
    private long _lastActivity = Environment.TickCount64;
    private int _aborted;
    private Socket? _outbound;
    private IDisposable? _extra;

    public Socket Client { get; } = client;

    public bool Relaying { get; set; }

    /// <summary>Environment.TickCount64 by which the client must have sent its request; the sweep enforces it.</summary>
    public long HandshakeDeadline { get; set; } = long.MaxValue;

    /// <summary>The sweep closed this connection at its handshake deadline.</summary>
    public bool TimedOut { get; set; }

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public void Touch() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>The outbound TCP socket, a BIND listener or a UDP relay: closed with the connection.</summary>
    public void Own(IDisposable resource)
    {
        if (resource is Socket s && _outbound is null) _outbound = s;
        else _extra = resource;
        if (Volatile.Read(ref _aborted) != 0) resource.Dispose();
    }

    /// <summary>Closes everything; pending operations on these sockets fail, which ends the session's tasks.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        Client.Dispose();
        _outbound?.Dispose();
        _extra?.Dispose();
    }
}
