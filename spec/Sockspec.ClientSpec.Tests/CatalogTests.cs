using Sockspec.ClientSpec.Harness;
using Sockspec.Model;
using Sockspec.Spec;

namespace Sockspec.ClientSpec.Tests;

public class CatalogTests
{
    [Fact]
    public void The_suite_has_at_least_fifty_client_cases_with_unique_ids()
    {
        Assert.True(ClientCatalog.All.Count >= 50, $"{ClientCatalog.All.Count} cases");
        var duplicates = ClientCatalog.All.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_case_names_requirements_that_exist_and_constrain_clients()
    {
        foreach (var c in ClientCatalog.All)
        {
            Assert.NotEmpty(c.Requirements);
            foreach (var id in c.Requirements)
            {
                var r = Sockspec.Spec.Requirements.Catalogue.Find(id);
                Assert.True(r is not null, $"{c.Id}: requirement {id} is not in the catalogue");
                Assert.True(r!.Role is RequirementRole.Client or RequirementRole.Both || id.StartsWith("S5-CONN", StringComparison.Ordinal),
                    $"{c.Id}: {id} constrains the {r.Role}, not the client");
            }
        }
    }

    [Theory]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(300)]
    [InlineData(11)]
    [InlineData(12)]
    public void Generated_names_have_the_exact_length_and_valid_labels(int length)
    {
        var name = TargetNames.OfLength(length);
        Assert.Equal(length, name.Length);
        Assert.EndsWith(".localhost", name);
        Assert.All(name.Split('.'), label => Assert.InRange(label.Length, 1, 63));
    }

    [Theory]
    [InlineData("client/s5/rep/01", "client/s5/rep/*", true)]
    [InlineData("client/s5/rep/01", "client/s4/*", false)]
    [InlineData("client/s5/rep/01", "client/s5/rep/0?", true)]
    [InlineData("client/s5/rep/01", "client/s5/rep", false)]
    public void Case_globs_match_whole_ids(string id, string glob, bool matches) => Assert.Equal(matches, Sockspec.Model.Glob.Matches(glob, id));

    [Fact]
    public void Placeholders_are_all_filled()
    {
        var run = new ClientRun(ClientCatalog.All[0], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1080), "localhost", 8080,
            "/p", "body", TimeSpan.FromSeconds(1), "/tmp/x", "u", "p");
        var filled = Placeholders.Fill(string.Join(" ", Placeholders.Names), run);
        Assert.DoesNotContain("{", filled);
        Assert.Equal("127.0.0.1:1080 127.0.0.1 1080 http://localhost:8080/p localhost 8080 localhost:8080 /p u p /tmp/x " + run.Case.Id, filled);
    }
}
