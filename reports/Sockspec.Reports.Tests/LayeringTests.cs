using System.Xml.Linq;

namespace Sockspec.Reports.Tests;

/// <summary>
/// The projects' references follow the layers (codec &lt;- dissector &lt;- model &lt;- runner/targets &lt;- spec &lt;- CLI;
/// reports &lt;- model + dissector), read from the .csproj files themselves, so that the layering cannot silently rot:
/// a new reference, or a new project, must be placed here on purpose.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Each product project and the projects it may reference directly.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Sockspec.Codec"] = [],
        ["Sockspec.Model"] = [],
        ["Sockspec.Dissector"] = ["Sockspec.Codec"],
        ["Sockspec.Proxy"] = ["Sockspec.Codec"],
        ["Sockspec.Targets"] = ["Sockspec.Proxy"],
        ["Sockspec.Bench"] = ["Sockspec.Proxy"],
        ["Sockspec.Reports"] = ["Sockspec.Model", "Sockspec.Dissector"],
        ["Sockspec.Vectors"] = ["Sockspec.Codec", "Sockspec.Dissector"],
        ["Sockspec.Runner"] = ["Sockspec.Codec", "Sockspec.Model", "Sockspec.Proxy", "Sockspec.Targets"],
        ["Sockspec.Fuzz"] = ["Sockspec.Codec", "Sockspec.Proxy"],
        ["Sockspec.NetFuzz"] = ["Sockspec.Codec", "Sockspec.Runner"],
        ["Sockspec.Spec"] = ["Sockspec.Runner", "Sockspec.ClientSpec"],
        ["Sockspec.ClientSpec"] = ["Sockspec.Runner", "Sockspec.Codec", "Sockspec.Proxy"],
        ["Sockspec.Vectors.Tool"] = ["Sockspec.Vectors", "Sockspec.Proxy"],
        ["Sockspec.Codec.Benchmarks"] = ["Sockspec.Codec"],
        ["Sockspec.Cli"] =
        [
            "Sockspec.Codec", "Sockspec.Dissector", "Sockspec.Proxy", "Sockspec.Vectors", "Sockspec.ClientSpec", "Sockspec.Reports",
            "Sockspec.Runner", "Sockspec.Spec", "Sockspec.NetFuzz", "Sockspec.Bench",
        ],
    };

    private static readonly string Root = FindRoot();

    private static Dictionary<string, List<string>> References()
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Root, file).Replace('\\', '/');
            if (rel.Split('/').Any(p => p is "bin" or "obj" or "out" or "build")) continue;
            var name = Path.GetFileNameWithoutExtension(file);
            result[name] = [.. XDocument.Load(file).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];
        }
        return result;
    }

    [Fact]
    public void Every_product_project_references_only_what_its_layer_allows()
    {
        var problems = new List<string>();
        foreach (var (project, refs) in References().Where(p => !p.Key.EndsWith(".Tests", StringComparison.Ordinal)))
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                problems.Add($"{project} is not placed in a layer (add it to LayeringTests.Allowed)");
                continue;
            }
            problems.AddRange(refs.Where(r => !allowed.Contains(r)).Select(r => $"{project} references {r}, which its layer does not allow"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_reports_reach_no_runner_target_proxy_or_Docker_project_even_transitively()
    {
        var refs = References();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(refs["Sockspec.Reports"]);
        while (todo.Count > 0)
        {
            var p = todo.Pop();
            if (!reached.Add(p)) continue;
            foreach (var r in refs.GetValueOrDefault(p) ?? []) todo.Push(r);
        }
        Assert.Equal(["Sockspec.Codec", "Sockspec.Dissector", "Sockspec.Model"], reached.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Docker_DotNet_is_referenced_by_the_targets_project_alone()
    {
        var users = Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).Replace('\\', '/').Split('/').Any(p => p is "bin" or "obj" or "out" or "build"))
            .Where(f => XDocument.Load(f).Descendants("PackageReference").Any(r => r.Attribute("Include")?.Value == "Docker.DotNet"))
            .Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(["Sockspec.Targets"], users);
    }

    [Fact]
    public void No_product_project_references_a_test_project()
    {
        var offenders = References().Where(p => !p.Key.EndsWith(".Tests", StringComparison.Ordinal))
            .SelectMany(p => p.Value.Where(r => r.EndsWith(".Tests", StringComparison.Ordinal)).Select(r => $"{p.Key} -> {r}")).ToList();
        Assert.Empty(offenders);
    }

    private static string FindRoot() => RepositoryRoot.Path;
}
