using System.Collections.Concurrent;
using Sockspec.Proxy;

namespace Sockspec.Fuzz.Proxy;

/// <summary>
/// Collects the exceptions a <see cref="ReferenceServer"/> reports as unexpected (<see cref="ReferenceServer.UnexpectedError"/>:
/// a bug in the server, whatever its type) and turns them into a finding for the input being run. The server counts
/// and reports such an exception before the connection stops being counted, so once the target has seen no connection
/// left, every exception the input caused is here.
/// </summary>
public sealed class UnexpectedServerErrors
{
    // Enough to show a pattern; a bug hit by every connection must not fill memory between two checks.
    private const int Kept = 8;

    private readonly ConcurrentQueue<Exception> _seen = new();

    public void Watch(ReferenceServer server) => server.UnexpectedError += e =>
    {
        if (_seen.Count < Kept) _seen.Enqueue(e);
    };

    public void Clear() => _seen.Clear();

    /// <summary>
    /// Throws a <see cref="FuzzFindingException"/> naming the first exception seen (type, message, stack), how many
    /// more there were, and the client's bytes (formatted only then: this runs on every execution).
    /// </summary>
    public void ThrowIfAny(byte[] clientSent)
    {
        if (!_seen.TryDequeue(out var e)) return;
        int more = _seen.Count;
        _seen.Clear();
        throw new FuzzFindingException(
            $"the reference server ended a session with {e.GetType().Name}, an exception it does not expect" +
            (more > 0 ? $" (and {more} more)" : "") + $": {e.Message}\n{e.StackTrace}\nclient sent {Convert.ToHexString(clientSent)}");
    }
}
