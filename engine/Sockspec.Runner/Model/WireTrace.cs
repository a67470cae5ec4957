using System.Diagnostics;

namespace Sockspec.Runner.Model;

/// <summary>The ordered events of one case, timestamped from the case's start. Safe to append from several tasks.</summary>
public sealed class WireTrace
{
    private readonly List<TraceEvent> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<TraceEvent> Events
    {
        get { lock (_events) return _events.ToArray(); }
    }

    public void Add(string connection, TraceDirection direction, TraceEventKind kind, ReadOnlySpan<byte> data = default, string? note = null)
    {
        var e = new TraceEvent(_clock.Elapsed, connection, direction, kind, data.ToArray(), note);
        lock (_events) _events.Add(e);
    }

    /// <summary>Time since the case started, on the clock the events use.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public void Note(string text) => Add("suite", TraceDirection.Local, TraceEventKind.Note, default, text);
}
