using Sockspec.Codec;
using Sockspec.Dissector;

namespace Sockspec.Vectors;

/// <summary>
/// Decodes a SOCKS dialog incrementally from both directions' bytes, in whatever pieces they arrive. The order of the
/// messages (greeting, selection, sub-negotiation, request, reply, second BIND reply, each answer deciding the next) is
/// the dissector's <see cref="DialogFollower"/>, fed both sides here; a step runs only once its whole message is there,
/// so the result does not depend on how the bytes were split (the codec reads nothing on NeedMoreData and reports
/// Invalid only when no more bytes could help).
/// </summary>
public sealed class DialogDecoder
{
    private readonly List<byte>[] _buffers = [[], []];
    private readonly int[] _position = [0, 0];
    private readonly bool[] _closed = [false, false];
    private readonly List<DialogEntry> _entries = [];
    private readonly bool _datagrams;
    private readonly DialogFollower _flow;
    private (Direction Direction, DissectPhase Phase, string Name, FramingError Error, ViolationSet Violations)? _framing;
    private bool _finished;

    public DialogDecoder(Protocol protocol)
    {
        _datagrams = protocol == Protocol.Socks5Udp;
        _flow = protocol == Protocol.Socks4 ? DialogFollower.Socks4() : DialogFollower.Socks5();
        if (protocol is not (Protocol.Socks4 or Protocol.Socks5)) _flow.Stop("unknown protocol");
    }

    public static IReadOnlyList<DialogEntry> Decode(Vector v) => Decode(v.Protocol, v.Segments);

    public static IReadOnlyList<DialogEntry> Decode(Protocol protocol, IEnumerable<Segment> segments)
    {
        var d = new DialogDecoder(protocol);
        foreach (var s in segments)
        {
            if (s.IsEnd) d.Close(s.Direction);
            else d.Feed(s.Direction, s.Bytes);
        }
        return d.Finish();
    }

    public void Feed(Direction d, ReadOnlySpan<byte> bytes)
    {
        if (_finished) throw new InvalidOperationException("decoder already finished");
        if (_datagrams)
        {
            Datagram(d, bytes);
            return;
        }
        _buffers[(int)d].AddRange(bytes);
        while (TryAdvance()) { }
    }

    /// <summary>The side closed its sending half: recorded as an entry at the end of its stream.</summary>
    public void Close(Direction d) => _closed[(int)d] = true;

    /// <summary>Ends the dialog: a message still waiting for bytes is truncated, the rest is data or undecoded.</summary>
    public IReadOnlyList<DialogEntry> Finish()
    {
        if (_finished) return _entries;
        _finished = true;
        (Direction Direction, string Name)? waitingOn = _flow.Sender is { } sender ? (Of(sender), _flow.MessageName!) : null;
        foreach (var d in new[] { Direction.ClientToServer, Direction.ServerToClient })
        {
            int i = (int)d, rest = _buffers[i].Count - _position[i];
            if (_framing is { } f && f.Direction == d)
            {
                var input = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffers[i])[_position[i]..];
                Add(d, EntryKind.FramingError, _position[i], rest, f.Name, Fields(input, d, f.Phase, _position[i]), f.Violations, f.Error, null);
            }
            else if (rest > 0)
            {
                var (kind, name) = _flow.Step switch
                {
                    DialogStep.Relaying => (EntryKind.Data, "data"),
                    DialogStep.Ended => (EntryKind.Undecoded, $"undecoded ({_flow.EndReason})"),
                    _ when waitingOn?.Direction == d => (EntryKind.Truncated, $"truncated {waitingOn.Value.Name}"),
                    _ => (EntryKind.Undecoded, $"undecoded (sent before the {waitingOn?.Name} it waits for)"),
                };
                Add(d, kind, _position[i], rest, name, [], default, FramingError.None, null);
            }
            if (_closed[i]) Add(d, EntryKind.Closed, _buffers[i].Count, 0, "closed", [], default, FramingError.None, null);
        }
        return _entries;
    }

    private static Direction Of(DissectRole sender) => sender == DissectRole.Client ? Direction.ClientToServer : Direction.ServerToClient;

    /// <summary>Reads the message the dialog expects next, once all of it has arrived from its sender.</summary>
    private bool TryAdvance()
    {
        if (_flow.Sender is not { } sender || _flow.Phase is not { } phase) return false;
        var d = Of(sender);
        return phase switch
        {
            DissectPhase.Greeting => Read<Socks5Greeting>(d, phase, _flow.Saw),
            DissectPhase.MethodSelection => Read<Socks5MethodSelection>(d, phase, _flow.Saw),
            DissectPhase.UserPassRequest => Read<UsernamePasswordRequest>(d, phase, _flow.Saw),
            DissectPhase.UserPassResponse => Read<UsernamePasswordResponse>(d, phase, _flow.Saw),
            DissectPhase.GssApi => ReadGss(d),
            DissectPhase.Request => Read<Socks5Request>(d, phase, _flow.Saw),
            DissectPhase.Reply => Read<Socks5Reply>(d, phase, _flow.Saw),
            DissectPhase.Socks4Request => Read<Codec.Socks4Request>(d, phase, _flow.Saw),
            DissectPhase.Socks4Reply => Read<Codec.Socks4Reply>(d, phase, _flow.Saw),
            _ => false,
        };
    }

    private delegate void Seen<T>(in T message);

    private bool Read<T>(Direction d, DissectPhase phase, Seen<T> seen) where T : struct, ISocksMessage<T>
    {
        int i = (int)d, at = _position[i];
        var input = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffers[i])[at..];
        var r = T.TryRead(input, out var m);
        switch (r.Status)
        {
            case ReadStatus.NeedMoreData:
                return false;
            case ReadStatus.Invalid:
                // The entry is written by Finish, over every byte of this direction from here on: how many of them
                // have arrived now depends on the split, and the decode must not.
                _framing = (d, phase, T.Name, r.Error, r.Violations);
                _flow.Stop($"framing error {r.Error}");
                return false;
        }
        var reencoded = SocksMessage.ToArray(m);
        Add(d, EntryKind.Message, at, r.Consumed, T.Name, Fields(input[..r.Consumed], d, phase, at), r.Violations, FramingError.None, reencoded);
        _position[i] += r.Consumed;
        seen(m);
        return true;
    }

    private bool ReadGss(Direction d)
    {
        int i = (int)d, at = _position[i];
        var input = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffers[i])[at..];
        var r = GssApiMessage.TryRead(input, out var m);
        if (r.Status == ReadStatus.NeedMoreData) return false;
        var token = input.Slice(m.IsAbort ? 2 : 4, m.IsAbort ? 0 : m.Len);
        var reencoded = SocksMessage.ToArray(m, token);
        Add(d, EntryKind.Message, at, r.Consumed, GssApiMessage.Name, Fields(input[..r.Consumed], d, DissectPhase.GssApi, at), r.Violations, FramingError.None, reencoded);
        _position[i] += r.Consumed;
        _flow.Saw(m);
        return true;
    }

    /// <summary>One whole datagram: its UDP request header, then its DATA (a datagram is never split or joined).</summary>
    private void Datagram(Direction d, ReadOnlySpan<byte> datagram)
    {
        int i = (int)d, at = _position[i];
        _buffers[i].AddRange(datagram);
        _position[i] += datagram.Length;
        var r = Socks5UdpHeader.TryRead(datagram, out var m);
        switch (r.Status)
        {
            case ReadStatus.NeedMoreData:
                Add(d, EntryKind.Truncated, at, datagram.Length, $"truncated {Socks5UdpHeader.Name}", [], default, FramingError.None, null);
                return;
            case ReadStatus.Invalid:
                Add(d, EntryKind.FramingError, at, datagram.Length, Socks5UdpHeader.Name, Fields(datagram, d, DissectPhase.Udp, at), r.Violations, r.Error, null);
                return;
        }
        var reencoded = SocksMessage.ToArray(m);
        Add(d, EntryKind.Message, at, r.Consumed, Socks5UdpHeader.Name, Fields(datagram[..r.Consumed], d, DissectPhase.Udp, at), r.Violations, FramingError.None, reencoded);
        if (datagram.Length > r.Consumed) Add(d, EntryKind.Data, at + r.Consumed, datagram.Length - r.Consumed, "data", [], default, FramingError.None, null);
    }

    /// <summary>The dissector's field-by-field view of one message's bytes, moved to the message's stream offset.</summary>
    private static List<Field> Fields(ReadOnlySpan<byte> bytes, Direction d, DissectPhase phase, int at)
    {
        var role = d == Direction.ClientToServer ? DissectRole.Client : DissectRole.Server;
        var dissection = Dissector.Dissector.Dissect(bytes, role, phase);
        return dissection.Messages.Count == 0
            ? []
            : dissection.Messages[0].Fields.Select(f => new Field(at + f.Offset, f.Length, f.Name, f.Value)).ToList();
    }

    private void Add(Direction d, EntryKind kind, int offset, int length, string name, IReadOnlyList<Field> fields,
        ViolationSet violations, FramingError error, byte[]? reencoded) =>
        _entries.Add(new DialogEntry(d, kind, offset, length, name, fields, violations, error, reencoded));
}
