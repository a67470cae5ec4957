using Sockspec.Codec;
using Sockspec.Runner.Wire;

namespace Sockspec.Runner.Cases;

/// <summary>
/// What a case saw the target do, in the terms outcome rules judge: the decisive read (a reply, or how the connection
/// ended instead), what happened after it (close and when), whether data went through the relay, and named facts for
/// anything else (e.g. "udp.relayed"). The runner turns it into a verdict by the case's acceptable outcomes.
/// </summary>
public sealed class Observation
{
    /// <summary>The step the case ended at, e.g. "method selection", "reply", "second reply".</summary>
    public string Step { get; init; } = "";

    public ReadOutcome? Read { get; init; }

    public CloseOutcome? After { get; init; }

    /// <summary>Null when no relay check was made; otherwise whether the data came back intact.</summary>
    public bool? Relayed { get; init; }

    public string? RelayDetail { get; init; }

    public Dictionary<string, bool> Facts { get; init; } = [];

    public string? Note { get; init; }

    // ---- Predicates the outcome rules use ----

    /// <summary>The decisive read framed a <typeparamref name="T"/> (with any violations) that satisfies the test.</summary>
    public bool Is<T>(Func<T, bool>? test = null) where T : struct, ISocksMessage<T> =>
        Read is ReadOutcome<T> { Kind: ReadKind.Message } r && (test?.Invoke(r.Message) ?? true);

    public T? As<T>() where T : struct, ISocksMessage<T> =>
        Read is ReadOutcome<T> { Kind: ReadKind.Message } r ? r.Message : null;

    /// <summary>The decisive read framed a message breaking no rule.</summary>
    public bool Clean => Read is { Kind: ReadKind.Message, Violations.IsEmpty: true };

    /// <summary>
    /// The octet after VER of what the decisive read got as a <typeparamref name="T"/> (REP, CD, STATUS or METHOD: every
    /// SOCKS answer carries its code second), whether the message framed whole or the target cut it short, broke its
    /// framing or stopped sending. Null with fewer than two octets. One defect, one failure: a reply too short or
    /// malformed to frame fails the reply-layout cases, while every other case judges its own rule from this octet.
    /// Octets that did not frame count only when they begin with <paramref name="version"/>: a reply cut short is still
    /// a reply, an HTTP error page is not.
    /// </summary>
    public byte? Code<T>(byte version) where T : struct, ISocksMessage<T> => Read switch
    {
        ReadOutcome<T> { Kind: ReadKind.Message, Bytes.Length: >= 2 } r => r.Bytes[1],
        ReadOutcome<T> { Bytes.Length: >= 2 } r when r.Bytes[0] == version => r.Bytes[1],
        _ => null,
    };

    /// <summary>The target closed or reset without sending a byte of the expected message.</summary>
    public bool BareClose => Read is { IsBareClose: true };

    /// <summary>After the decisive message, the target closed within <paramref name="limit"/>.</summary>
    public bool ClosedWithin(TimeSpan limit) => After is { } a && a.ClosedWithin(limit);

    public bool Fact(string name) => Facts.TryGetValue(name, out var v) && v;

    public string Describe()
    {
        var parts = new List<string>();
        if (Read is not null) parts.Add((Step.Length > 0 ? Step + ": " : "") + Read.Describe());
        if (After is not null) parts.Add("then " + After.Describe());
        if (Relayed is { } r) parts.Add(r ? "relay ok" : "relay broken" + (RelayDetail is null ? "" : $" ({RelayDetail})"));
        foreach (var (k, v) in Facts) parts.Add($"{k}={(v ? "yes" : "no")}");
        if (Note is not null) parts.Add(Note);
        return parts.Count == 0 ? "nothing observed" : string.Join("; ", parts);
    }

    public override string ToString() => Describe();
}
