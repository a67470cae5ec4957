using System.Diagnostics;

namespace Sockspec.Model;

/// <summary>
/// The ordered events of one case, timestamped from the case's start. Safe to append from several tasks. Bounded, since
/// a hostile target decides how much arrives: at most <see cref="MaxEvents"/> events and <see cref="MaxBytes"/> bytes of
/// data per case, and whatever the run's shared <see cref="TraceBudget"/> still allows; what does not fit is counted and
/// reported in one closing note instead of being kept. (Per connection, <see cref="Wire.StreamTap"/> already keeps only
/// the first and last bytes of a long stream.)
/// </summary>
public sealed class WireTrace(TraceBudget? budget = null)
{
    public const int MaxEvents = 2000;
    public const int MaxBytes = 256 * 1024;

    private readonly List<TraceEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _bytes;
    private int _droppedEvents;
    private long _droppedBytes;

    public IReadOnlyList<TraceEvent> Events
    {
        get
        {
            lock (_events)
            {
                if (_droppedEvents == 0) return _events.ToArray();
                return [.. _events, new TraceEvent(_clock.Elapsed, "suite", TraceDirection.Local, TraceEventKind.Note, [],
                    $"… {_droppedEvents} more event(s) with {_droppedBytes} byte(s) not kept: the trace limit ({MaxEvents} events, {MaxBytes} bytes per case, or the run's total) was reached")];
            }
        }
    }

    private readonly Dictionary<string, TracePeer> _peers = new(StringComparer.Ordinal) { ["suite"] = TracePeer.Suite };

    /// <summary>Says who is at the far end of <paramref name="connection"/>: every event of it, from now on, carries that.</summary>
    public void Declare(string connection, TracePeer peer)
    {
        lock (_events) _peers[connection] = peer;
    }

    public void Add(string connection, TraceDirection direction, TraceEventKind kind, ReadOnlySpan<byte> data = default, string? note = null)
    {
        lock (_events)
        {
            bool fits = _events.Count < MaxEvents && _bytes + data.Length <= MaxBytes && (budget?.TryTake(data.Length + EventOverhead) ?? true);
            if (!fits)
            {
                _droppedEvents++;
                _droppedBytes += data.Length;
                return;
            }
            _bytes += data.Length;
            _events.Add(new TraceEvent(_clock.Elapsed, connection, direction, kind, data.ToArray(), note) { Peer = _peers.GetValueOrDefault(connection) });
        }
    }

    /// <summary>What an event costs the run's budget beyond its data (object, strings): a rough, fixed charge.</summary>
    private const int EventOverhead = 128;

    /// <summary>Time since the case started, on the clock the events use.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Note(string text) => Add("suite", TraceDirection.Local, TraceEventKind.Note, default, text);
}

/// <summary>
/// The trace memory one run may hold across all its cases (every case's trace lives until the reports are written).
/// Once spent, further events are counted as dropped by each case's <see cref="WireTrace"/>.
/// </summary>
public sealed class TraceBudget(long bytes)
{
    /// <summary>The default for a run: generous for ~250 cases of ordinary traces, small beside the 512 MiB budget.</summary>
    public const long Default = 64L * 1024 * 1024;

    private long _left = bytes;

    public long Left => Interlocked.Read(ref _left);

    public bool TryTake(long n)
    {
        if (Interlocked.Add(ref _left, -n) >= 0) return true;
        Interlocked.Add(ref _left, n);
        return false;
    }
}
