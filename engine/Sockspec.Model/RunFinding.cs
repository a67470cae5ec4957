namespace Sockspec.Model;

/// <summary>What kind of run-level event a <see cref="RunFinding"/> reports.</summary>
public enum RunFindingKind
{
    /// <summary>The target completed no SOCKS4 or SOCKS5 handshake at all; every case is blocked.</summary>
    NoSocksServer,

    /// <summary>The target stopped accepting connections, or its process or container exited, during the run.</summary>
    TargetDied,

    /// <summary>The run's own deadline (--run-timeout) passed before every case finished.</summary>
    RunDeadline,

    /// <summary>
    /// The target stopped answering during the run: it still accepts connections (or lets them time out) but no longer
    /// reacts to a greeting, with no case running. Like a death, it blocks the cases after it or names the case that causes it.
    /// </summary>
    TargetHung,
}

/// <summary>
/// Something about the run as a whole that no single case's verdict carries: reports show findings first, and any
/// finding makes the run fail (exit code 1).
/// </summary>
/// <param name="At">When it was seen, from the run's start.</param>
/// <param name="Message">One line a person understands, e.g. "no SOCKS server at 127.0.0.1:1080: ... closed every connection at once".</param>
/// <param name="InFlight">The cases running when it happened (for a death: the suspects).</param>
/// <param name="Culprit">The case that alone reproduces it, when a re-run found one.</param>
/// <param name="Reproducer">The command that runs just <see cref="Culprit"/>.</param>
public sealed record RunFinding(
    RunFindingKind Kind,
    TimeSpan At,
    string Message,
    IReadOnlyList<string> InFlight,
    string? Culprit = null,
    string? Reproducer = null)
{
    public static string KindName(RunFindingKind kind) => kind switch
    {
        RunFindingKind.NoSocksServer => "no-socks-server",
        RunFindingKind.TargetDied => "target-died",
        RunFindingKind.RunDeadline => "run-deadline",
        RunFindingKind.TargetHung => "target-hung",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The finding as one line, e.g. for a console or a JUnit message.</summary>
    private const int MaxNamed = 12;

    public string Describe()
    {
        var details = new List<string>();
        if (Kind != RunFindingKind.NoSocksServer) details.Add($"at +{At.TotalSeconds:0.0} s");
        // The full list is in the JSON report; a console or JUnit line names the first few.
        if (InFlight.Count > 0)
            details.Add($"in flight: {string.Join(", ", InFlight.Take(MaxNamed))}" + (InFlight.Count > MaxNamed ? $" and {InFlight.Count - MaxNamed} more" : ""));
        if (Culprit is not null) details.Add($"it {(Kind == RunFindingKind.TargetHung ? "hangs" : "dies")} on {Culprit} alone: {Reproducer}");
        return details.Count == 0 ? Message : $"{Message} ({string.Join("; ", details)})";
    }
}
