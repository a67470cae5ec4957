namespace Sockspec.Runner.Wire;

public enum CloseKind
{
    Fin,
    Reset,

    /// <summary>Still open when the wait ended.</summary>
    StillOpen,
}

/// <summary>
/// How a wait for the target to close ended: the kind, how long after the wait began (<see cref="After"/>) and any
/// bytes the target sent meanwhile (a server that keeps talking after a failure reply is itself a finding).
/// </summary>
public sealed record CloseOutcome(CloseKind Kind, TimeSpan After, byte[] ExtraBytes)
{
    public bool Closed => Kind is CloseKind.Fin or CloseKind.Reset;

    public bool ClosedWithin(TimeSpan limit) => Closed && After <= limit;

    public string Describe() => (Kind switch
    {
        CloseKind.Fin => $"closed (FIN) {After.TotalMilliseconds:0} ms later",
        CloseKind.Reset => $"reset {After.TotalMilliseconds:0} ms later",
        _ => $"still open {After.TotalMilliseconds:0} ms later",
    }) + (ExtraBytes.Length == 0 ? "" : $", after sending {ExtraBytes.Length} more byte(s) {ReadOutcome.Hex(ExtraBytes)}");
}
