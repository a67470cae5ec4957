namespace Sockspec.Fuzz;

/// <summary>Every target in this assembly, found by reflection so that adding one is adding one file.</summary>
public static class TargetRegistry
{
    public static IReadOnlyList<IFuzzTarget> All { get; } = typeof(IFuzzTarget).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFuzzTarget).IsAssignableFrom(t))
        .Where(t => t != typeof(SelfTest.SelfTestTarget) || Environment.GetEnvironmentVariable(SelfTest.SelfTestTarget.EnvironmentVariable) == "1")
        .Select(t => (IFuzzTarget)Activator.CreateInstance(t)!)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToArray();

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
