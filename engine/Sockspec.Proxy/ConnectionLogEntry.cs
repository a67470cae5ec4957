using System.Globalization;
using System.Net;

namespace Sockspec.Proxy;

/// <summary>
/// One finished connection, as logged: who, how they authenticated, what they asked for, how it ended, bytes each way
/// and how long it took. Holds no password by construction.
/// </summary>
public sealed record ConnectionLogEntry(
    EndPoint? Client,
    string Protocol,
    string Method,
    string? User,
    string Command,
    string? Destination,
    string Outcome,
    long BytesUp,
    long BytesDown,
    TimeSpan Duration)
{
    /// <summary>Key=value, one line; the user name and destination come from the peer, so they are escaped by the session.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"client={Client} proto={Protocol} method={Method} user={User ?? "-"} cmd={Command} dst={Destination ?? "-"} " +
        $"outcome={Outcome} up={BytesUp} down={BytesDown} ms={(long)Duration.TotalMilliseconds}");
}
