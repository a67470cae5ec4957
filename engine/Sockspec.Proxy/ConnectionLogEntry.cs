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
    /// <summary>
    /// The exception that ended the session when it was a bug in the server rather than anything the peer or the
    /// network did (<see cref="Outcome"/> is then "internal error (TYPE)"); null otherwise.
    /// </summary>
    public Exception? Error { get; init; }

    /// <summary>
    /// Key=value, one line; the user name and destination come from the peer, so they are escaped by the session. An
    /// internal error adds its exception, stack included, on the lines below: a bug must be readable from the log.
    /// </summary>
    public override string ToString()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"client={Client} proto={Protocol} method={Method} user={User ?? "-"} cmd={Command} dst={Destination ?? "-"} " +
            $"outcome={Outcome} up={BytesUp} down={BytesDown} ms={(long)Duration.TotalMilliseconds}");
        return Error is null ? line : line + Environment.NewLine + Error;
    }
}
