using Sockspec.Codec;
using Sockspec.Dissector;

namespace Sockspec.Vectors;

/// <summary>
/// Decodes a SOCKS dialog incrementally from both directions' bytes, in whatever pieces they arrive. The dialog is a
/// fixed sequence of expected messages (greeting, selection, sub-negotiation, request, reply, second BIND reply) in
/// which each answer decides the next step; a step runs only once its whole message is there, so the result does not
/// depend on how the bytes were split (the codec reads nothing on NeedMoreData and reports Invalid only when no more
/// bytes could help).
/// </summary>
public sealed class DialogDecoder
{
    private enum Step : byte
    {
        Greeting, Selection, UserPass, UserPassResponse, GssClient, GssServer,
        Request5, Reply5, SecondReply5, Request4, Reply4, SecondReply4,
        /// <summary>Handshake complete: what follows is data.</summary>
        Relaying,
        /// <summary>Handshake ended without success or could not be followed further: what follows is undecoded.</summary>
        Stopped,
    }

    private readonly List<byte>[] _buffers = [[], []];
    private readonly int[] _position = [0, 0];
    private readonly bool[] _closed = [false, false];
    private readonly List<DialogEntry> _entries = [];
    private readonly bool _datagrams;
    private (Direction Direction, DissectPhase Phase, string Name, FramingError Error, ViolationSet Violations)? _framing;
    private Step _step;
    private string _stopReason = "";
    private byte _command;
    private bool _finished;

    public DialogDecoder(Protocol protocol)
    {
        _datagrams = protocol == Protocol.Socks5Udp;
        _step = protocol switch { Protocol.Socks5 => Step.Greeting, Protocol.Socks4 => Step.Request4, _ => Step.Stopped };
        if (_step == Step.Stopped) _stopReason = "unknown protocol";
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
        var waitingOn = Expected();
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
                var (kind, name) = _step switch
                {
                    Step.Relaying => (EntryKind.Data, "data"),
                    Step.Stopped => (EntryKind.Undecoded, $"undecoded ({_stopReason})"),
                    _ when waitingOn?.Direction == d => (EntryKind.Truncated, $"truncated {waitingOn.Value.Name}"),
                    _ => (EntryKind.Undecoded, $"undecoded (sent before the {waitingOn?.Name} it waits for)"),
                };
                Add(d, kind, _position[i], rest, name, [], default, FramingError.None, null);
            }
            if (_closed[i]) Add(d, EntryKind.Closed, _buffers[i].Count, 0, "closed", [], default, FramingError.None, null);
        }
        return _entries;
    }

    private (Direction Direction, string Name)? Expected() => _step switch
    {
        Step.Greeting => (Direction.ClientToServer, Socks5Greeting.Name),
        Step.Selection => (Direction.ServerToClient, Socks5MethodSelection.Name),
        Step.UserPass => (Direction.ClientToServer, UsernamePasswordRequest.Name),
        Step.UserPassResponse => (Direction.ServerToClient, UsernamePasswordResponse.Name),
        Step.GssClient => (Direction.ClientToServer, GssApiMessage.Name),
        Step.GssServer => (Direction.ServerToClient, GssApiMessage.Name),
        Step.Request5 => (Direction.ClientToServer, Socks5Request.Name),
        Step.Reply5 or Step.SecondReply5 => (Direction.ServerToClient, Socks5Reply.Name),
        Step.Request4 => (Direction.ClientToServer, Codec.Socks4Request.Name),
        Step.Reply4 or Step.SecondReply4 => (Direction.ServerToClient, Codec.Socks4Reply.Name),
        _ => null,
    };

    private bool TryAdvance() => _step switch
    {
        Step.Greeting => Read<Socks5Greeting>(Direction.ClientToServer, DissectPhase.Greeting, _ => Step.Selection),
        Step.Selection => Read<Socks5MethodSelection>(Direction.ServerToClient, DissectPhase.MethodSelection, m => m.Method switch
        {
            0x00 => Step.Request5,
            0x01 => Step.GssClient,
            0x02 => Step.UserPass,
            0xFF => Stop("no acceptable methods"),
            _ => Stop($"method {m.Method:x2} is not followed"),
        }),
        Step.UserPass => Read<UsernamePasswordRequest>(Direction.ClientToServer, DissectPhase.UserPassRequest, _ => Step.UserPassResponse),
        Step.UserPassResponse => Read<UsernamePasswordResponse>(Direction.ServerToClient, DissectPhase.UserPassResponse,
            m => m.Status == 0 ? Step.Request5 : Stop("authentication failed")),
        Step.GssClient => ReadGss(Direction.ClientToServer, Step.GssServer),
        Step.GssServer => ReadGss(Direction.ServerToClient, Stop("GSS-API exchange continues; not followed")),
        Step.Request5 => Read<Socks5Request>(Direction.ClientToServer, DissectPhase.Request, m => { _command = m.Cmd; return Step.Reply5; }),
        Step.Reply5 => Read<Socks5Reply>(Direction.ServerToClient, DissectPhase.Reply, m =>
            m.Rep != 0 ? Stop("request failed") : _command == (byte)Socks5Command.Bind ? Step.SecondReply5 : Step.Relaying),
        Step.SecondReply5 => Read<Socks5Reply>(Direction.ServerToClient, DissectPhase.Reply, m => m.Rep != 0 ? Stop("BIND failed") : Step.Relaying),
        Step.Request4 => Read<Codec.Socks4Request>(Direction.ClientToServer, DissectPhase.Socks4Request, m => { _command = m.Cd; return Step.Reply4; }),
        Step.Reply4 => Read<Codec.Socks4Reply>(Direction.ServerToClient, DissectPhase.Socks4Reply, m =>
            m.Cd != 90 ? Stop("request rejected") : _command == (byte)Socks4Command.Bind ? Step.SecondReply4 : Step.Relaying),
        Step.SecondReply4 => Read<Codec.Socks4Reply>(Direction.ServerToClient, DissectPhase.Socks4Reply, m => m.Cd != 90 ? Stop("BIND failed") : Step.Relaying),
        _ => false,
    };

    private Step Stop(string reason)
    {
        _stopReason = reason;
        return Step.Stopped;
    }

    private bool Read<T>(Direction d, DissectPhase phase, Func<T, Step> next) where T : struct, ISocksMessage<T>
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
                _step = Stop($"framing error {r.Error}");
                return false;
        }
        var reencoded = SocksMessage.ToArray(m);
        Add(d, EntryKind.Message, at, r.Consumed, T.Name, Fields(input[..r.Consumed], d, phase, at), r.Violations, FramingError.None, reencoded);
        _position[i] += r.Consumed;
        _step = next(m);
        return true;
    }

    private bool ReadGss(Direction d, Step next)
    {
        int i = (int)d, at = _position[i];
        var input = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffers[i])[at..];
        var r = GssApiMessage.TryRead(input, out var m);
        if (r.Status == ReadStatus.NeedMoreData) return false;
        var token = input.Slice(m.IsAbort ? 2 : 4, m.IsAbort ? 0 : m.Len);
        var reencoded = SocksMessage.ToArray(m, token);
        Add(d, EntryKind.Message, at, r.Consumed, GssApiMessage.Name, Fields(input[..r.Consumed], d, DissectPhase.GssApi, at), r.Violations, FramingError.None, reencoded);
        _position[i] += r.Consumed;
        _step = m.IsAbort ? Stop("GSS-API abort") : next;
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
