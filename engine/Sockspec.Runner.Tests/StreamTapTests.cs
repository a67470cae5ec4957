using Sockspec.Model;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Tests;

/// <summary>Traces stay bounded whatever a target sends: per connection (head and tail), per case, per run.</summary>
public sealed class StreamTapTests
{
    [Fact]
    public void A_long_stream_keeps_its_first_and_last_bytes_and_says_how_many_were_left_out()
    {
        var trace = new WireTrace();
        var tap = new StreamTap(trace, "tcp#1", TraceDirection.FromTarget);
        var data = Enumerable.Range(0, 1_000_000).Select(i => (byte)i).ToArray();
        for (int i = 0; i < data.Length; i += 1000) tap.Record(data.AsSpan(i, 1000));
        tap.Flush();

        var events = trace.Events;
        var kept = events.Where(e => e.Kind == TraceEventKind.Data).ToList();
        Assert.Equal(data[..StreamTap.HeadBytes], kept.SkipLast(1).SelectMany(e => e.Data).ToArray());
        Assert.Equal(data[^StreamTap.TailBytes..], kept[^1].Data);
        long elided = data.Length - StreamTap.HeadBytes - StreamTap.TailBytes;
        Assert.Contains(events, e => e.Note == StreamTap.ElidedNote(elided));
        Assert.Equal(elided, StreamTap.Elided(StreamTap.ElidedNote(elided)));
    }

    [Fact]
    public void A_trickle_of_single_bytes_is_bounded_in_events_too()
    {
        var trace = new WireTrace();
        var tap = new StreamTap(trace, "tcp#1", TraceDirection.FromTarget);
        for (int i = 0; i < 100_000; i++) tap.Record([(byte)i]);
        tap.Flush();
        Assert.InRange(trace.Events.Count, 1, StreamTap.HeadEvents + 2);
    }

    [Fact]
    public void A_case_trace_and_the_run_budget_drop_what_does_not_fit_and_say_so()
    {
        var budget = new TraceBudget(10_000);
        var trace = new WireTrace(budget);
        for (int i = 0; i < 100; i++) trace.Add("tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, new byte[1000]);
        var events = trace.Events;
        Assert.InRange(events.Where(e => e.Kind == TraceEventKind.Data).Sum(e => e.Data.Length), 1, 10_000);
        Assert.Contains("not kept", events[^1].Note);

        var unbounded = new WireTrace();
        for (int i = 0; i < WireTrace.MaxEvents + 50; i++) unbounded.Note("n");
        Assert.Equal(WireTrace.MaxEvents + 1, unbounded.Events.Count);
    }
}
