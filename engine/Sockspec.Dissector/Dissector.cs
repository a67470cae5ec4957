using Sockspec.Codec;

namespace Sockspec.Dissector;

/// <summary>
/// Splits one direction's bytes into SOCKS messages with named fields, following the dialog: a SOCKS5 greeting that
/// offers 02 and is followed by 01 leads to a username/password request, then a request, then data; on the server side
/// a method selection, a username/password response when 02 was chosen, then one reply, or two for BIND.
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
        DissectedRest? rest = null;
        int offset = 0;
        DissectPhase? next = phase == DissectPhase.Auto ? FirstPhase(data, role) : phase;
        if (next is null && !data.IsEmpty)
            rest = new DissectedRest(RestKind.Undecodable, 0, data.Length, $"first byte {data[0]:X2} starts no known {role.ToString().ToLowerInvariant()} message");
        var state = new DialogState { Command = command };
        while (next is { } current && offset < data.Length)
        {
            var step = ReadOne(data[offset..], offset, current, state);
            if (step.Message is { } m) messages.Add(m);
            string lastName = step.Message?.Name ?? "";
            if (step.Rest is { } r) { rest = r; break; }
            offset += step.Consumed;
            next = step.Next(data[offset..]);
            if (next is null && offset < data.Length)
                rest = new DissectedRest(step.EndsDialog ? RestKind.Trailing : RestKind.Data, offset, data.Length - offset,
                    step.EndsDialog ? $"bytes after {lastName} ended the dialog"
                    : current == DissectPhase.Udp ? "DATA, the datagram's payload" : "data after the handshake");
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

    /// <summary>What earlier messages said that later ones depend on.</summary>
    private sealed class DialogState
    {
        public byte? Command;
        public int Socks5Replies;
        public int Socks4Replies;

        /// <summary>Whether a successful first reply may be followed by a second: BIND if known, else a clean reply.</summary>
        public bool MaySendSecondReply(bool nextFramesAsCleanReply) =>
            Command is { } c ? c == (byte)Socks5Command.Bind : nextFramesAsCleanReply;
    }

    private delegate DissectPhase? NextPhase(ReadOnlySpan<byte> rest);

    private readonly record struct Step(DissectedMessage? Message, int Consumed, DissectedRest? Rest, NextPhase Next, bool EndsDialog = false);

    private static DissectPhase? None(ReadOnlySpan<byte> _) => null;

    private static DissectPhase? IfFirst(ReadOnlySpan<byte> rest, byte first, DissectPhase phase) =>
        !rest.IsEmpty && rest[0] == first ? phase : null;

    private static Step ReadOne(ReadOnlySpan<byte> input, int at, DissectPhase phase, DialogState state)
    {
        switch (phase)
        {
            case DissectPhase.Greeting:
            {
                var s = Read<Socks5Greeting>(input, at, phase, out var m, FieldLayouts.Greeting, (in Socks5Greeting _) => 0);
                bool userPass = m.Methods.Span.Contains((byte)Socks5Method.UsernamePassword);
                bool gss = m.Methods.Span.Contains((byte)Socks5Method.GssApi);
                return s with
                {
                    Next = rest => !rest.IsEmpty && rest[0] == 0x01
                        ? userPass ? DissectPhase.UserPassRequest : gss ? DissectPhase.GssApi : null
                        : IfFirst(rest, 0x05, DissectPhase.Request),
                };
            }
            case DissectPhase.UserPassRequest:
                return Read<UsernamePasswordRequest>(input, at, phase, out _, FieldLayouts.UserPassRequest, (in UsernamePasswordRequest _) => 0)
                    with { Next = rest => IfFirst(rest, 0x05, DissectPhase.Request) };
            case DissectPhase.Request:
                return Read<Socks5Request>(input, at, phase, out _, FieldLayouts.Request, (in Socks5Request _) => 4);
            case DissectPhase.Socks4Request:
            {
                var s = Read<Socks4Request>(input, at, phase, out var m, FieldLayouts.Socks4Request,
                    (in Socks4Request r) => 8 + (r.IsSocks4a ? r.UserId.Length + 1 : 0));
                return m.IsSocks4a && s.Message is { } msg ? s with { Message = msg with { Name = "SOCKS4a request" } } : s;
            }
            case DissectPhase.MethodSelection:
            {
                var s = Read<Socks5MethodSelection>(input, at, phase, out var m, FieldLayouts.MethodSelection, (in Socks5MethodSelection _) => 0);
                return m.Method switch
                {
                    (byte)Socks5Method.NoAcceptableMethods => s with { EndsDialog = true },
                    (byte)Socks5Method.UsernamePassword => s with { Next = rest => IfFirst(rest, 0x01, DissectPhase.UserPassResponse) },
                    (byte)Socks5Method.GssApi => s with { Next = rest => IfFirst(rest, 0x01, DissectPhase.GssApi) },
                    _ => s with { Next = rest => IfFirst(rest, 0x05, DissectPhase.Reply) },
                };
            }
            case DissectPhase.UserPassResponse:
            {
                var s = Read<UsernamePasswordResponse>(input, at, phase, out var m, FieldLayouts.UserPassResponse, (in UsernamePasswordResponse _) => 0);
                return m.Succeeded ? s with { Next = rest => IfFirst(rest, 0x05, DissectPhase.Reply) } : s with { EndsDialog = true };
            }
            case DissectPhase.Reply:
            {
                var s = Read<Socks5Reply>(input, at, phase, out var m, FieldLayouts.Reply, (in Socks5Reply _) => 4);
                if (s.Message is null || s.Rest is not null) return s;
                if (!m.Succeeded) return s with { EndsDialog = true };
                bool first = ++state.Socks5Replies == 1;
                return s with { Next = rest => first && !rest.IsEmpty && state.MaySendSecondReply(Socks5Reply.TryRead(rest, out _).IsClean) ? DissectPhase.Reply : null };
            }
            case DissectPhase.Socks4Reply:
            {
                var s = Read<Socks4Reply>(input, at, phase, out var m, FieldLayouts.Socks4Reply, (in Socks4Reply _) => 0);
                if (s.Message is null || s.Rest is not null) return s;
                if (!m.Granted) return s with { EndsDialog = true };
                bool first = ++state.Socks4Replies == 1;
                return s with { Next = rest => first && !rest.IsEmpty && state.MaySendSecondReply(Socks4Reply.TryRead(rest, out _).IsClean) ? DissectPhase.Socks4Reply : null };
            }
            case DissectPhase.Udp:
                return Read<Socks5UdpHeader>(input, at, phase, out _, FieldLayouts.UdpHeader, (in Socks5UdpHeader _) => 4);
            case DissectPhase.GssApi:
            {
                var s = Read<GssApiMessage>(input, at, phase, out var m, FieldLayouts.GssApi, (in GssApiMessage _) => 0);
                return m.IsAbort ? s with { EndsDialog = true } : s with { Next = rest => IfFirst(rest, 0x01, DissectPhase.GssApi) };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(phase), phase, "not a message phase");
        }
    }

    private delegate FieldList Layout<T>(in T message, int at);

    /// <summary>How many bytes of a message were read before its framing error (the fields shown for it).</summary>
    private delegate int ReadBeforeError<T>(in T message);

    private static Step Read<T>(ReadOnlySpan<byte> input, int at, DissectPhase phase, out T message, Layout<T> layout, ReadBeforeError<T> beforeError)
        where T : struct, ISocksMessage<T>
    {
        var result = T.TryRead(input, out message);
        var violations = new List<DissectedViolation>();
        foreach (var v in result.Violations) violations.Add(DissectedViolation.Of(v));
        switch (result.Status)
        {
            case ReadStatus.Done:
                var fields = layout(message, at).All;
                return new Step(new DissectedMessage(T.Name, phase, at, result.Consumed, fields, violations, FramingError.None), result.Consumed, null, None);
            case ReadStatus.NeedMoreData:
                return new Step(null, 0, new DissectedRest(RestKind.Incomplete, at, input.Length,
                    $"incomplete {T.Name}: {input.Length} bytes, more needed"), None);
            default:
                int read = beforeError(message);
                var partial = new DissectedMessage(T.Name, phase, at, read, layout(message, at).Before(at + read), violations, result.Error);
                var undecodable = input.Length > read
                    ? new DissectedRest(RestKind.Undecodable, at + read, input.Length - read, $"undecodable after {result.Error}")
                    : null;
                return new Step(partial, read, undecodable, None);
        }
    }
}
