using System.Diagnostics;
using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>
/// When each case ran, and when the target was seen dead: from that, which cases were in flight when it died (the
/// suspects a restartable target re-runs one at a time) and, for a target that cannot be restarted, since when every
/// further case is blocked. Thread-safe.
/// </summary>
internal sealed class TargetDeaths(Stopwatch clock)
{
    /// <summary>
    /// A case that ended this long before the death was seen may still be the one that killed it: a death is only
    /// noticed at the next connect or a poll, and the killer itself often ends at once on the reset it causes.
    /// </summary>
    public static readonly TimeSpan SuspectWindow = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (TimeSpan Start, TimeSpan? End)> _runs = new(StringComparer.Ordinal);
    private readonly List<Death> _deaths = [];

    /// <param name="hung">It stopped answering rather than stopped accepting or exited.</param>
    public sealed class Death(TimeSpan at, string reason, string seenBy, bool hung = false)
    {
        public bool Hung { get; } = hung;

        public TimeSpan At { get; } = at;
        public string Reason { get; } = reason;
        public string SeenBy { get; } = seenBy;
        public List<string> Suspects { get; } = [];
        public string? Culprit { get; set; }
        public string? CulpritReproducer { get; set; }
        public bool Recovered { get; set; }

        public string Since => $"target {(Hung ? "unresponsive" : "down")} since {(SeenBy.Contains('/') ? "case " + SeenBy : SeenBy)} (+{At.TotalSeconds:0.0} s: {Reason})";
    }

    public TimeSpan Now => clock.Elapsed;

    /// <summary>The current death that was not recovered from (a target that cannot be restarted stays down).</summary>
    public Death? Down
    {
        get { lock (_deaths) return _deaths.LastOrDefault(d => !d.Recovered); }
    }

    public IReadOnlyList<Death> All
    {
        get { lock (_deaths) return [.. _deaths]; }
    }

    public void Started(string caseId)
    {
        lock (_deaths) _runs[caseId] = (clock.Elapsed, null);
    }

    public void Ended(string caseId)
    {
        lock (_deaths)
        {
            if (_runs.TryGetValue(caseId, out var r)) _runs[caseId] = (r.Start, clock.Elapsed);
        }
    }

    /// <summary>
    /// Records a death unless one is already open; returns the open death either way. <paramref name="seenAt"/> is when
    /// the evidence was seen (a case's end), which can be well before the checks that confirmed it (connect timeouts).
    /// </summary>
    public Death Record(string reason, string seenBy, TimeSpan? seenAt = null, bool hung = false)
    {
        lock (_deaths)
        {
            if (_deaths.LastOrDefault(d => !d.Recovered) is { } open) return open;
            var death = new Death(seenAt ?? clock.Elapsed, reason, seenBy, hung);
            _deaths.Add(death);
            return death;
        }
    }

    /// <summary>
    /// Once every case has ended: the suspects of each death are the cases that overlap it (started before it was seen,
    /// ended at most <see cref="SuspectWindow"/> before), in the order they started.
    /// </summary>
    public void SettleSuspects()
    {
        lock (_deaths)
        {
            foreach (var d in _deaths)
            {
                d.Suspects.Clear();
                d.Suspects.AddRange(_runs.Where(r => Overlaps(r.Value, d)).OrderBy(r => r.Value.Start).Select(r => r.Key));
            }
        }
    }

    /// <summary>The case ran, or ended, at or after the death: what it saw was the death, not the target's answer.</summary>
    public bool Touched(string caseId, Death death)
    {
        lock (_deaths)
        {
            return _runs.TryGetValue(caseId, out var r) && (Overlaps(r, death) || r.End >= death.At - SuspectWindow);
        }
    }

    private static bool Overlaps((TimeSpan Start, TimeSpan? End) r, Death d) =>
        r.Start <= d.At && (r.End is null || r.End >= d.At - SuspectWindow);

    public void Recovered(Death death)
    {
        lock (_deaths) death.Recovered = true;
    }
}
