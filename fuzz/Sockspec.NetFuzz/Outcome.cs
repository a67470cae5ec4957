namespace Sockspec.NetFuzz;

/// <summary>What the proxy did with one case.</summary>
public enum OutcomeKind
{
    /// <summary>It closed (or reset) the connection after the client's FIN: the normal end of every case.</summary>
    Closed,

    /// <summary>It answered but kept the connection open past the deadline (e.g. a relay or BIND wait): not a finding.</summary>
    AnsweredOpen,

    /// <summary>Neither a byte nor a close within the deadline after a complete send and FIN: a hang candidate.</summary>
    Silent,

    /// <summary>The connection could not be made: a crash candidate.</summary>
    ConnectFailed,
}

public readonly record struct Outcome(OutcomeKind Kind, int BytesReceived, string Detail);
