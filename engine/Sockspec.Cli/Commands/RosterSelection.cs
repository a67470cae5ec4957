using Sockspec.Runner.Running;

namespace Sockspec.Cli.Commands;

/// <summary>The targets of one kind that a --targets run takes from its file, narrowed by --only.</summary>
internal static class RosterSelection
{
    /// <summary>The targets named by <paramref name="only"/> (all when empty), in the file's order; null with an error for a name the file lacks.</summary>
    public static IReadOnlyList<TargetSpec>? Pick(IReadOnlyList<TargetSpec> targets, IReadOnlyList<string> only, string kind, out string error)
    {
        error = "";
        if (only.FirstOrDefault(n => !targets.Any(t => t.Name == n)) is { } missing)
        {
            error = $"--only {missing}: no {kind} target of that name (there are: {string.Join(", ", targets.Select(t => t.Name))})";
            return null;
        }
        if (targets.Count == 0)
        {
            error = $"the file has no {kind} target";
            return null;
        }
        return only.Count == 0 ? targets : [.. targets.Where(t => only.Contains(t.Name))];
    }
}
