using Sockspec.Model;

namespace Sockspec.Runner.Running;

/// <summary>--cases globs (<see cref="Glob"/>): no glob selects every case.</summary>
public static class CaseFilter
{
    public static bool Matches(IReadOnlyList<string> globs, string id) => globs.Count == 0 || globs.Any(g => Glob.Matches(g, id));
}
