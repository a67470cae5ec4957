using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>
/// Splits one direction's bytes into SOCKS messages with named fields, following the dialog (<see cref="DialogFollower"/>):
/// a SOCKS5 greeting that offers 02 and is followed by 01 leads to a username/password request, then a request, then
/// data; on the server side a method selection, a username/password response when 02 was chosen, then one reply, or two
/// for BIND. The other direction is not seen: where its message decides what comes next, this direction's next byte
/// stands in for it (01 after a greeting offering 02: the server chose 02).
/// </summary>
public static class Dissector
{
    /// <summary>
    /// Dissects <paramref name="data"/>, one direction's bytes, starting with the message <paramref name="phase"/> names.
    /// <paramref name="command"/> is the request's CMD/CD when the caller knows it (it saw the other direction): BIND
    /// (02) has two replies, anything else one. Without it, a second reply is recognised when the bytes after a
    /// successful first reply frame as a reply that breaks no rule, which relayed data could in principle imitate.
    /// </summary>
    public static Dissection Dissect(ReadOnlySpan<byte> data, DissectRole role, DissectPhase phase, byte? command = null)
    {
        var messages = new List<DissectedMessage>();
        if (data.IsEmpty) return new Dissection(role, phase, 0, messages, null);
        DissectedRest? rest = null;
        int offset = 0;
        DissectPhase? next = phase == DissectPhase.Auto ? FirstPhase(data, role) : phase;
        if (next is null)
            rest = new DissectedRest(RestKind.Undecodable, 0, data.Length, $"first byte {data[0]:X2} starts no known {role.ToString().ToLowerInvariant()} message");
        if (next == DissectPhase.Udp)
        {
            // A datagram, not a dialog: its header, then DATA.
            var (m, consumed, r) = Read<Socks5UdpHeader>(data, 0, DissectPhase.Udp, out _, FieldLayouts.UdpHeader, (in Socks5UdpHeader _) => 4);
            if (m is not null) messages.Add(m);
            rest = r ?? (consumed < data.Length ? new DissectedRest(RestKind.Data, consumed, data.Length - consumed, "DATA, the datagram's payload") : null);
            return new Dissection(role, phase, data.Length, messages, rest);
        }
        var flow = next is { } first ? DialogFollower.At(first, role, command) : null;
        string lastName = "";
        // The first message is read as the caller named it; later ones as the dialog has them.
        while (next is { } current && offset < data.Length)
        {
            var (message, consumed, r) = ReadOne(data[offset..], offset, current, flow!);
            if (message is not null)
            {
                messages.Add(message);
                lastName = message.Name;
            }
            if (r is not null) { rest = r; break; }
            offset += consumed;
            next = offset < data.Length ? NextPhase(flow!, role, data[offset..]) : null;
        }
        if (rest is null && offset < data.Length && flow is not null)
        {
            rest = flow.Step == DialogStep.Ended
                ? flow.EndedByMessage
                    ? new DissectedRest(RestKind.Trailing, offset, data.Length - offset, $"bytes after {lastName} ended the dialog")
                    : new DissectedRest(RestKind.Undecodable, offset, data.Length - offset, flow.EndReason)
                : new DissectedRest(RestKind.Data, offset, data.Length - offset, "data after the handshake");
        }
        return new Dissection(role, phase, data.Length, messages, rest);
    }

    /// <summary>The first byte tells: 05 SOCKS5, 04 SOCKS4 request; from a server 00 (or the deviant 04) a SOCKS4 reply.</summary>
    private static DissectPhase? FirstPhase(ReadOnlySpan<byte> data, DissectRole role)
    {
        if (data.IsEmpty) return null;
        return (role, data[0]) switch
        {
            (DissectRole.Client, 0x05) => DissectPhase.Greeting,
            (DissectRole.Client, 0x04) => DissectPhase.Socks4Request,
            (DissectRole.Server, 0x05) => DissectPhase.MethodSelection,
            (DissectRole.Server, 0x00 or 0x04) => DissectPhase.Socks4Reply,
            _ => null,
        };
    }

    /// <summary>
    /// The next message of this direction, or null when the bytes from here on are data. The other side's messages in
    /// between are assumed from this side's next byte; after such a step that byte must also start the message (05 a
    /// request or reply, 01 a sub-negotiation message), else the handshake is taken as over.
    /// </summary>
    private static DissectPhase? NextPhase(DialogFollower flow, DissectRole role, ReadOnlySpan<byte> rest)
    {
        bool assumed = false;
        while (flow.Sender is { } sender && sender != role)
        {
            if (!AssumeOtherSide(flow, role, rest)) return null;
            assumed = true;
        }
        if (flow.Phase is not { } phase) return null;
        if (assumed && rest[0] != LeadByte(phase)) return null;
        if (flow.SecondReplyIsAGuess && !SecondReplyFrames(phase, rest)) return null;
        return phase;
    }

    /// <summary>Stands in for the unseen side's message; false when this side's bytes say the handshake is over.</summary>
    private static bool AssumeOtherSide(DialogFollower flow, DissectRole role, ReadOnlySpan<byte> rest)
    {
        if (role == DissectRole.Server)
        {
            switch (flow.Step)
            {
                case DialogStep.Greeting: flow.Saw(new Socks5Greeting()); break;
                case DialogStep.UserPassRequest: flow.Saw(new UsernamePasswordRequest()); break;
                case DialogStep.GssClient: flow.Saw(new GssApiMessage(1, 0)); break;
                default: flow.AssumeRequest(); break;
            }
            return true;
        }
        switch (flow.Step)
        {
            case DialogStep.Selection:
                // 01 continues a sub-negotiation: username/password if offered, else GSS-API; 05 a request after none.
                byte? method = rest[0] switch
                {
                    0x01 when flow.OffersUserPass => (byte)Socks5Method.UsernamePassword,
                    0x01 when flow.OffersGssApi => (byte)Socks5Method.GssApi,
                    0x05 => (byte)Socks5Method.NoAuthentication,
                    _ => null,
                };
                if (method is null) return false;
                flow.Saw(new Socks5MethodSelection(method.Value));
                return true;
            case DialogStep.UserPassResponse: flow.Saw(new UsernamePasswordResponse(0)); return true;
            case DialogStep.GssServer: flow.Saw(new GssApiMessage(1, 0)); return true;
            // After its request a client sends data.
            default: return false;
        }
    }

    private static byte LeadByte(DissectPhase phase) => phase is DissectPhase.Request or DissectPhase.Reply ? (byte)0x05 : (byte)0x01;

    /// <summary>With the command unknown, a second reply is taken only where the bytes frame as a reply that breaks no rule.</summary>
    private static bool SecondReplyFrames(DissectPhase phase, ReadOnlySpan<byte> rest) =>
        phase == DissectPhase.Reply ? Socks5Reply.TryRead(rest, out _).IsClean : Socks4Reply.TryRead(rest, out _).IsClean;

    private static MessageRead ReadOne(ReadOnlySpan<byte> input, int at, DissectPhase phase, DialogFollower flow)
    {
        switch (phase)
        {
            case DissectPhase.Greeting:
                return Read(input, at, phase, FieldLayouts.Greeting, (in Socks5Greeting _) => 0, flow.Saw, out _);
            case DissectPhase.UserPassRequest:
                return Read(input, at, phase, FieldLayouts.UserPassRequest, (in UsernamePasswordRequest _) => 0, flow.Saw, out _);
            case DissectPhase.Request:
                return Read(input, at, phase, FieldLayouts.Request, (in Socks5Request _) => 4, flow.Saw, out _);
            case DissectPhase.Socks4Request:
            {
                var s = Read(input, at, phase, FieldLayouts.Socks4Request, (in Socks4Request r) => 8 + (r.IsSocks4a ? r.UserId.Length + 1 : 0), flow.Saw, out var m);
                return m.IsSocks4a && s.Message is { } msg ? s with { Message = msg with { Name = "SOCKS4a request" } } : s;
            }
            case DissectPhase.MethodSelection:
                return Read(input, at, phase, FieldLayouts.MethodSelection, (in Socks5MethodSelection _) => 0, flow.Saw, out _);
            case DissectPhase.UserPassResponse:
                return Read(input, at, phase, FieldLayouts.UserPassResponse, (in UsernamePasswordResponse _) => 0, flow.Saw, out _);
            case DissectPhase.Reply:
                return Read(input, at, phase, FieldLayouts.Reply, (in Socks5Reply _) => 4, flow.Saw, out _);
            case DissectPhase.Socks4Reply:
                return Read(input, at, phase, FieldLayouts.Socks4Reply, (in Socks4Reply _) => 0, flow.Saw, out _);
            case DissectPhase.GssApi:
                return Read(input, at, phase, FieldLayouts.GssApi, (in GssApiMessage _) => 0, flow.Saw, out _);
            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a message phase");
        }
    }

    private delegate void Seen<T>(in T message);

    /// <summary>One message read (null when it was incomplete), its length, and what is left when reading stops there.</summary>
    private readonly record struct MessageRead(DissectedMessage? Message, int Consumed, DissectedRest? Left);

    private static MessageRead Read<T>(ReadOnlySpan<byte> input, int at, DissectPhase phase,
        Layout<T> layout, ReadBeforeError<T> beforeError, Seen<T> seen, out T message) where T : struct, ISocksMessage<T>
    {
        var s = Read(input, at, phase, out message, layout, beforeError);
        // Only a whole message moves the dialog on; after an incomplete or unframeable one nothing follows.
        if (s.Left is null && s.Message is { FramingError: FramingError.None }) seen(message);
        return s;
    }

    private delegate FieldList Layout<T>(in T message, int at);

    /// <summary>How many bytes of a message were read before its framing error (the fields shown for it).</summary>
    private delegate int ReadBeforeError<T>(in T message);

    private static MessageRead Read<T>(ReadOnlySpan<byte> input, int at, DissectPhase phase,
        out T message, Layout<T> layout, ReadBeforeError<T> beforeError) where T : struct, ISocksMessage<T>
    {
        var result = T.TryRead(input, out message);
        var violations = new List<DissectedViolation>();
        foreach (var v in result.Violations) violations.Add(DissectedViolation.Of(v));
        switch (result.Status)
        {
            case ReadStatus.Done:
                var fields = layout(message, at).All;
                return new(new DissectedMessage(T.Name, phase, at, result.Consumed, fields, violations, FramingError.None), result.Consumed, null);
            case ReadStatus.NeedMoreData:
                return new(null, 0, new DissectedRest(RestKind.Incomplete, at, input.Length, $"incomplete {T.Name}: {input.Length} bytes, more needed"));
            default:
                int read = beforeError(message);
                var partial = new DissectedMessage(T.Name, phase, at, read, layout(message, at).Before(at + read), violations, result.Error);
                var undecodable = input.Length > read
                    ? new DissectedRest(RestKind.Undecodable, at + read, input.Length - read, $"undecodable after {result.Error}")
                    : null;
                return new(partial, read, undecodable);
        }
    }
}
