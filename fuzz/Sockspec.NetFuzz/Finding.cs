namespace Sockspec.NetFuzz;

public enum FindingKind { Crash, Hang, ControlFailed, ResourceGrowth }

public sealed record Finding(FindingKind Kind, string Detail, FuzzCase? Case, FuzzCase? Minimised, string? ReproducerPath);
