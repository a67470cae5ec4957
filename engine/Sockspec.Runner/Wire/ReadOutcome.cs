using Sockspec.Codec;

namespace Sockspec.Runner.Wire;

public enum ReadKind
{
    /// <summary>A whole message framed (it may still break rules: see <see cref="ReadOutcome.Violations"/>).</summary>
    Message,

    /// <summary>The bytes cannot be framed as the expected message.</summary>
    FramingError,

    /// <summary>The target closed (FIN) before a whole message; <see cref="ReadOutcome.Bytes"/> holds the partial bytes.</summary>
    Closed,

    /// <summary>The connection was reset before a whole message.</summary>
    Reset,

    /// <summary>No whole message before the deadline.</summary>
    Timeout,
}

/// <summary>What one typed read observed. Non-generic so that outcome rules can inspect any step alike.</summary>
public abstract class ReadOutcome
{
    public required ReadKind Kind { get; init; }

    /// <summary>The message's bytes (Message), or the bytes received before the read ended otherwise.</summary>
    public required byte[] Bytes { get; init; }

    public ViolationSet Violations { get; init; }

    public FramingError Error { get; init; }

    /// <summary>When the read ended, on the case's trace clock.</summary>
    public TimeSpan At { get; init; }

    public abstract string MessageName { get; }

    public abstract object? Boxed { get; }

    public bool IsMessage => Kind == ReadKind.Message;

    /// <summary>The connection ended (FIN or RST) with no byte of the message.</summary>
    public bool IsBareClose => Kind is ReadKind.Closed or ReadKind.Reset && Bytes.Length == 0;

    public string Describe() => Kind switch
    {
        ReadKind.Message => $"{MessageName} {Boxed}" + (Violations.IsEmpty ? "" : $" breaking {ViolationText.Describe(Boxed, Violations)}"),
        ReadKind.FramingError => $"unframeable {MessageName} ({Error}) in {Hex(Bytes)}",
        ReadKind.Closed => Bytes.Length == 0 ? "close (FIN) with no reply" : $"close (FIN) after {Bytes.Length} byte(s) of a {MessageName}: {Hex(Bytes)}",
        ReadKind.Reset => Bytes.Length == 0 ? "reset with no reply" : $"reset after {Bytes.Length} byte(s): {Hex(Bytes)}",
        _ => Bytes.Length == 0 ? "no reply (timeout)" : $"timeout after {Bytes.Length} byte(s) of a {MessageName}: {Hex(Bytes)}",
    };

    public override string ToString() => Describe();

    internal static string Hex(ReadOnlySpan<byte> b) =>
        b.Length <= 64 ? Convert.ToHexString(b) : Convert.ToHexString(b[..64]) + $"... ({b.Length} bytes)";
}

public sealed class ReadOutcome<T> : ReadOutcome where T : struct, ISocksMessage<T>
{
    public T Message { get; init; }

    public override string MessageName => T.Name;

    public override object? Boxed => Kind is ReadKind.Message or ReadKind.FramingError ? Message : null;
}
