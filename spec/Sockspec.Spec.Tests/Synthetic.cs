using Sockspec.Codec;
using Sockspec.Runner.Cases;
using Sockspec.Runner.Wire;

namespace Sockspec.Spec.Tests;

/// <summary>
/// Observations built from bytes, the way <see cref="CaseContext.ReplyAsync"/> builds them from the wire (the read
/// framed by the codec, then the close or its absence), so that every case's rules can be judged against the
/// situations spec/GRADING.md names without a target.
/// </summary>
internal static class Synthetic
{
    private static readonly CloseOutcome Closed = new(CloseKind.Fin, TimeSpan.FromMilliseconds(5), []);
    private static readonly CloseOutcome StillOpen = new(CloseKind.StillOpen, CaseContext.CloseLimit + TimeSpan.FromMilliseconds(500), []);

    /// <summary>One situation: a name for assertion messages and the observation.</summary>
    public sealed record Situation(string Name, Observation Observation)
    {
        public override string ToString() => Name;
    }

    /// <summary>Frames <paramref name="bytes"/> as a <typeparamref name="T"/> as TracedConnection does; <paramref name="end"/> is how a short read ended.</summary>
    public static ReadOutcome<T> Read<T>(byte[] bytes, ReadKind end = ReadKind.Closed) where T : struct, ISocksMessage<T>
    {
        var r = T.TryRead(bytes, out var message);
        return r.Status switch
        {
            ReadStatus.Done => new ReadOutcome<T> { Kind = ReadKind.Message, Bytes = bytes[..r.Consumed], Message = message, Violations = r.Violations },
            ReadStatus.Invalid => new ReadOutcome<T> { Kind = ReadKind.FramingError, Bytes = bytes, Message = message, Error = r.Error, Violations = r.Violations },
            _ => new ReadOutcome<T> { Kind = end, Bytes = bytes },
        };
    }

    /// <summary>A whole answer, then the close (or not).</summary>
    public static Situation Answer<T>(string name, byte[] bytes, bool close = true, bool? relayed = null) where T : struct, ISocksMessage<T>
    {
        var read = Read<T>(bytes);
        if (read.Kind != ReadKind.Message) throw new ArgumentException($"{name} does not frame as a {T.Name}");
        bool success = read.Bytes[1] == (typeof(T) == typeof(Socks4Reply) ? 90 : 0) && typeof(T) != typeof(Socks5MethodSelection);
        return new(name, new Observation { Step = "reply", Read = read, After = success ? null : close ? Closed : StillOpen, Relayed = relayed });
    }

    /// <summary>The first octets of an answer, then a FIN: the close timed from the read, as CaseContext.EndAfterAsync does.</summary>
    public static Situation CutShort<T>(string name, byte[] bytes) where T : struct, ISocksMessage<T>
    {
        var read = Read<T>(bytes);
        if (read.Kind == ReadKind.Message) throw new ArgumentException($"{name} frames whole");
        return new(name, new Observation { Step = "reply", Read = read, After = Closed });
    }

    public static Situation BareClose<T>() where T : struct, ISocksMessage<T> =>
        new("bare close", new Observation { Step = "reply", Read = Read<T>([], ReadKind.Closed) });

    public static Situation Silence<T>() where T : struct, ISocksMessage<T> =>
        new("silence", new Observation { Step = "reply", Read = Read<T>([], ReadKind.Timeout) });

    // ---- SOCKS5 replies (RFC 1928 §6): BND 127.0.0.2:40000, never a listening address of a test target ----

    public static byte[] Reply5(byte rep, byte rsv = 0) => [5, rep, rsv, 1, 127, 0, 0, 2, 0x9C, 0x40];

    public static Situation Failure5(byte rep, bool close = true) =>
        Answer<Socks5Reply>($"REP {rep:X2}" + (close ? " then close" : " left open"), Reply5(rep), close);

    public static Situation Short5(byte rep) => CutShort<Socks5Reply>($"2-byte reply 05 {rep:X2} then close", [5, rep]);

    public static Situation Failure5WithRsv(byte rep) => Answer<Socks5Reply>($"REP {rep:X2} with RSV 01 then close", Reply5(rep, rsv: 1));

    public static Situation Success5(byte rsv = 0) =>
        Answer<Socks5Reply>(rsv == 0 ? "success, relayed" : $"success with RSV {rsv:X2}, relayed", Reply5(0, rsv), relayed: true);

    // ---- SOCKS4 replies ----

    public static byte[] Reply4(byte cd) => [0, cd, 0, 0, 0, 0, 0, 0];

    public static Situation Reject4(byte cd, bool close = true) =>
        Answer<Socks4Reply>($"CD {cd}" + (close ? " then close" : " left open"), Reply4(cd), close);

    public static Situation Short4(byte cd) => CutShort<Socks4Reply>($"2-byte reply 00 {cd:X2} then close", [0, cd]);

    public static Situation Grant4() => Answer<Socks4Reply>("CD 90, relayed", Reply4(90), relayed: true);

    // ---- Method selection and RFC 1929 ----

    public static Situation Selection(byte method, bool close = true) =>
        Answer<Socks5MethodSelection>($"selection 05 {method:X2}" + (close ? " then close" : " left open"), [5, method], close);

    public static Situation Status(byte status, bool close = true) =>
        Answer<UsernamePasswordResponse>($"STATUS {status:X2}" + (close ? " then close" : " left open"), [1, status], close);
}
