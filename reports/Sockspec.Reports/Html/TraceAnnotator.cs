using Sockspec.Codec;
using Sockspec.Dissector;
using Sockspec.Model;
using DissectorApi = Sockspec.Dissector.Dissector;

namespace Sockspec.Reports.Html;

/// <summary>A field (or a run of undissected bytes) as it falls inside one trace event's data.</summary>
internal sealed record FieldSpan(int Start, int Length, string Name, string Value, int Colour);

/// <summary>What the dissector says about one data event: where its bytes sit in their stream and which fields they hold.</summary>
internal sealed record EventAnnotation(
    long StreamOffset,
    IReadOnlyList<FieldSpan> Spans,
    IReadOnlyList<string> Messages,
    IReadOnlyList<string> Problems);

/// <summary>
/// Names the fields of a case's wire trace with the codec's dissector. Each TCP connection's bytes are dissected per
/// direction as one stream, so a message split across segments is still recognised; each UDP datagram is dissected on
/// its own. Who speaks SOCKS as the client follows each event's declared <see cref="TracePeer"/>: towards a proxy (or
/// its UDP relay) the suite is the client, towards a client under test the server. Anything else (a BIND peer, a
/// fixture, an undeclared connection) carries payload and is left raw.
/// </summary>
internal static class TraceAnnotator
{
    public static IReadOnlyDictionary<int, EventAnnotation> Annotate(IReadOnlyList<TraceEvent> trace)
    {
        var result = new Dictionary<int, EventAnnotation>();
        var streams = new Dictionary<(string, TraceDirection), List<int>>();
        var elided = new HashSet<(string, TraceDirection)>();
        for (int i = 0; i < trace.Count; i++)
        {
            var e = trace[i];
            var key = (e.Connection, e.Direction);
            // Past a "… K bytes elided …" note the kept tail is not contiguous with the head: dissecting across the gap
            // would name fields that are not there, so the tail stays raw.
            if (e.Kind == TraceEventKind.Note && e.Note is { } note && note.EndsWith("bytes elided …", StringComparison.Ordinal)) elided.Add(key);
            if (e.Kind != TraceEventKind.Data || e.Direction == TraceDirection.Local || e.Data.Length == 0 || elided.Contains(key)) continue;
            if (!streams.TryGetValue(key, out var list)) streams[key] = list = [];
            list.Add(i);
        }
        foreach (var ((connection, direction), indexes) in streams)
        {
            var peer = trace[indexes[0]].Peer;
            if (SuiteRole(peer) is not { } suite) continue;
            var role = direction == TraceDirection.ToTarget ? suite : Other(suite);
            try
            {
                AnnotateStream(trace, indexes, role, peer is TracePeer.ProxyUdpRelay or TracePeer.ClientUdp, result);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A report must still be written if the dissector trips on some input: show the bytes raw and say why.
                foreach (int i in indexes)
                    result[i] = new EventAnnotation(0, [], [], [$"dissector failed: {e.GetType().Name}: {e.Message}"]);
            }
        }
        return result;
    }

    private static void AnnotateStream(IReadOnlyList<TraceEvent> trace, List<int> indexes, DissectRole role, bool datagrams,
        Dictionary<int, EventAnnotation> result)
    {
        if (datagrams)
        {
            foreach (int i in indexes)
                result[i] = Slice(DissectorApi.Dissect(trace[i].Data, role, DissectPhase.Udp), 0, trace[i].Data.Length, first: true);
            return;
        }
        var stream = indexes.SelectMany(i => trace[i].Data).ToArray();
        var dissection = DissectorApi.Dissect(stream, role, DissectPhase.Auto);
        int offset = 0;
        foreach (int i in indexes)
        {
            result[i] = Slice(dissection, offset, trace[i].Data.Length, first: offset == 0);
            offset += trace[i].Data.Length;
        }
    }

    /// <summary>The suite's SOCKS role towards the declared peer; null for payload (destinations, BIND and UDP peers).</summary>
    private static DissectRole? SuiteRole(TracePeer peer) => peer switch
    {
        TracePeer.Proxy or TracePeer.ProxyUdpRelay => DissectRole.Client,
        TracePeer.Client or TracePeer.ClientUdp => DissectRole.Server,
        _ => null,
    };

    private static DissectRole Other(DissectRole r) => r == DissectRole.Client ? DissectRole.Server : DissectRole.Client;

    /// <summary>The part of <paramref name="d"/> that lies in [start, start + length) of its input.</summary>
    private static EventAnnotation Slice(Dissection d, int start, int length, bool first)
    {
        int end = start + length;
        var spans = new List<FieldSpan>();
        var messages = new List<string>();
        var problems = new List<string>();
        int colour = 0;
        foreach (var m in d.Messages)
        {
            bool startsHere = m.Offset >= start && m.Offset < end;
            if (startsHere) messages.Add($"{m.Name} at offset {m.Offset}, {m.Length} bytes");
            foreach (var f in m.Fields)
            {
                colour++;
                int s = Math.Max(f.Offset, start), e = Math.Min(f.Offset + f.Length, end);
                if (s < e || (f.Length == 0 && f.Offset >= start && f.Offset < end))
                    spans.Add(new FieldSpan(s - start, Math.Max(0, e - s), f.Offset < start ? f.Name + " (continued)" : f.Name, f.Value, colour % 4));
            }
            if (!startsHere) continue;
            foreach (var v in m.Violations) problems.Add($"{m.Name}: {v.Violation} breaks {v.RequirementId}");
            if (m.FramingError != FramingError.None) problems.Add($"{m.Name}: framing error {m.FramingError}");
        }
        if (d.Rest is { } rest)
        {
            int s = Math.Max(rest.Offset, start), e = Math.Min(rest.Offset + rest.Length, end);
            if (s < e)
            {
                spans.Add(new FieldSpan(s - start, e - s, RestName(rest.Kind), rest.Note, -1));
                if (rest.Offset >= start && rest.Kind is RestKind.Undecodable or RestKind.Trailing)
                    problems.Add($"{RestName(rest.Kind)} from offset {rest.Offset}: {rest.Note}");
            }
        }
        if (first && d.Messages.Count == 0 && d.Rest is null && length > 0)
            problems.Add("nothing recognised");
        return new EventAnnotation(start, spans, messages, problems);
    }

    private static string RestName(RestKind k) => k switch
    {
        RestKind.Data => "payload",
        RestKind.Incomplete => "incomplete message",
        RestKind.Undecodable => "undecodable",
        RestKind.Trailing => "bytes after the dialog ended",
        _ => k.ToString().ToLowerInvariant(),
    };
}
