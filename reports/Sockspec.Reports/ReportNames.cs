using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>The stable lower-case names every renderer uses for model enums (JSON consumers depend on them).</summary>
public static class ReportNames
{
    public static string ToWire(this RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "must",
        RequirementLevel.Should => "should",
        RequirementLevel.May => "may",
        RequirementLevel.Specified => "specified",
        _ => level.ToString().ToLowerInvariant(),
    };

    public static string ToWire(this TraceDirection direction) => direction switch
    {
        TraceDirection.ToTarget => "to-target",
        TraceDirection.FromTarget => "from-target",
        TraceDirection.Local => "local",
        _ => direction.ToString().ToLowerInvariant(),
    };

    public static string ToWire(this TraceEventKind kind) => kind switch
    {
        TraceEventKind.Connect => "connect",
        TraceEventKind.Data => "data",
        TraceEventKind.Fin => "fin",
        TraceEventKind.Reset => "reset",
        TraceEventKind.Timeout => "timeout",
        TraceEventKind.Note => "note",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
