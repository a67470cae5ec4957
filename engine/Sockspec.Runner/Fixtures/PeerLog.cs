using System.Net;

namespace Sockspec.Runner.Fixtures;

/// <summary>
/// The most recent remote endpoints a fixture accepted, at most <c>capacity</c> of them (the oldest forgotten first).
/// Addresses are compared as IPv4 when they are IPv4-mapped: a dual-stack proxy reports ::ffff:127.0.0.1 for the
/// connection an IPv4 listener sees from 127.0.0.1.
/// </summary>
internal sealed class PeerLog(int capacity)
{
    private readonly Queue<IPEndPoint> _order = new();
    private readonly HashSet<IPEndPoint> _seen = [];
    private readonly Lock _lock = new();

    public void Add(IPEndPoint peer)
    {
        var p = Normal(peer);
        lock (_lock)
        {
            if (!_seen.Add(p)) return;
            _order.Enqueue(p);
            if (_order.Count > capacity) _seen.Remove(_order.Dequeue());
        }
    }

    public bool Contains(IPEndPoint peer)
    {
        var p = Normal(peer);
        lock (_lock) return _seen.Contains(p);
    }

    private static IPEndPoint Normal(IPEndPoint e) =>
        e.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(e.Address.MapToIPv4(), e.Port) : e;
}
