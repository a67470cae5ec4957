using System.Text.RegularExpressions;
using Sockspec.Codec;
using Sockspec.Model;
using Sockspec.Runner.Cases;
using Sockspec.Spec.Requirements;

namespace Sockspec.Spec.Tests;

public sealed partial class CatalogueTests
{
    /// <summary>Server/both IDs (S5-, S4-, S4A-, UP-, GSS-) and client IDs (C5-, C4-, C4A-): a prefix, a word, two digits.</summary>
    [GeneratedRegex("^(S5-[A-Z]+-\\d{2}|S4-[A-Z]+-\\d{2}|S4A-\\d{2}|UP-\\d{2}|GSS-\\d{2}|C5-[A-Z]+-\\d{2}|C4-[A-Z]+-\\d{2}|C4A-\\d{2})$")]
    private static partial Regex IdShape();

    private static readonly Dictionary<string, string> PrefixDocument = new()
    {
        ["S5-"] = "RFC 1928", ["C5-"] = "RFC 1928|RFC 1929", ["UP-"] = "RFC 1929", ["GSS-"] = "RFC 1961",
        ["S4A-"] = "SOCKS4a", ["C4A-"] = "SOCKS4a", ["S4-"] = "SOCKS4", ["C4-"] = "SOCKS4",
    };

    /// <summary>Every requirement some case checks: the server suite's and the client suite's.</summary>
    private static HashSet<string> Covered() =>
        Suite.All.SelectMany(c => c.Requirements)
            .Concat(ClientCatalog.All.SelectMany(c => c.Requirements))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The coverage rule of issue 4: the requirements no case checks and the ledger does not explain.</summary>
    private static List<string> Unexplained(IEnumerable<Requirement> catalogue, IReadOnlySet<string> covered) =>
        catalogue.Where(r => !covered.Contains(r.Id) && Ledger.Find(r.Id) is null).Select(r => r.Id).ToList();

    [Fact]
    public void Ids_are_unique()
    {
        var duplicates = Catalogue.All.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Ids_are_well_formed_and_match_their_document()
    {
        Assert.All(Catalogue.All, r =>
        {
            Assert.Matches(IdShape(), r.Id);
            var expected = PrefixDocument.First(p => r.Id.StartsWith(p.Key, StringComparison.Ordinal)).Value;
            Assert.Contains(r.Document, expected.Split('|'));
        });
    }

    [Fact]
    public void Client_ids_are_client_requirements()
    {
        Assert.All(Catalogue.All.Where(r => r.Id.StartsWith('C')), r => Assert.Equal(RequirementRole.Client, r.Role));
    }

    [Fact]
    public void Every_requirement_has_text_and_a_section_where_its_document_numbers_sections()
    {
        Assert.All(Catalogue.All, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Text), r.Id);
            Assert.Equal(r.Text.Trim(), r.Text);
            if (r.Document != "SOCKS4a") Assert.Matches("^§\\d+(\\.\\d+)?$", r.Section);
            else Assert.Equal("", r.Section);
        });
    }

    [Fact]
    public void The_catalogue_covers_every_document()
    {
        string[] documents = ["RFC 1928", "RFC 1929", "RFC 1961", "SOCKS4", "SOCKS4a"];
        Assert.Equal(documents, Catalogue.All.Select(r => r.Document).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(Catalogue.All, r => r.Role == RequirementRole.Client);
    }

    [Fact]
    public void Reference_ids_are_all_kept()
    {
        // The IDs of shared/reference/requirements.md, which reports and expected-results files already use.
        string[] reference =
        [
            "S5-GEN-01", "S5-GEN-02", "S5-GREET-01", "S5-GREET-02", "S5-GREET-03",
            "S5-METHOD-01", "S5-METHOD-02", "S5-METHOD-03", "S5-METHOD-04", "S5-METHOD-05", "S5-METHOD-06", "S5-METHOD-07",
            "S5-REQ-01", "S5-REQ-02", "S5-REQ-03", "S5-REQ-04", "S5-REQ-05",
            "S5-ADDR-01", "S5-ADDR-02", "S5-ADDR-03", "S5-ADDR-04",
            "S5-REP-01", "S5-REP-02", "S5-REP-03", "S5-REP-04", "S5-REP-05", "S5-REP-06",
            "S5-CONN-01", "S5-CONN-02", "S5-BIND-01", "S5-BIND-02", "S5-BIND-03", "S5-BIND-04",
            "S5-UDP-01", "S5-UDP-02", "S5-UDP-03", "S5-UDP-04", "S5-UDP-05", "S5-UDP-06", "S5-UDP-07", "S5-UDP-08", "S5-UDP-09", "S5-UDP-10",
            "S5-FRAG-01", "S5-FRAG-02", "S5-FRAG-03", "S5-FRAG-04", "S5-FRAG-05",
            "S5-CLOSE-01", "S5-DATA-01", "S5-DATA-02",
            "UP-01", "UP-02", "UP-03", "UP-04", "UP-05", "UP-06", "UP-07",
            "GSS-01", "GSS-02", "GSS-03", "GSS-04", "GSS-05",
            "S4-REQ-01", "S4-REQ-02", "S4-REQ-03", "S4-CONN-01", "S4-CONN-02",
            "S4-REP-01", "S4-REP-02", "S4-REP-03", "S4-REP-04", "S4-CLOSE-01",
            "S4-BIND-01", "S4-BIND-02", "S4-BIND-03", "S4-BIND-04", "S4-BIND-05", "S4-TIME-01",
            "S4A-01", "S4A-02", "S4A-03", "S4A-04", "S4A-05", "S4A-06",
        ];
        Assert.DoesNotContain(reference, id => Catalogue.Find(id) is null);
    }

    [Fact]
    public void Find_returns_the_requirement_or_null()
    {
        Assert.Equal("§6", Catalogue.Find("S5-CLOSE-01")!.Section);
        Assert.Equal(RequirementLevel.Must, Catalogue.Find("S5-CLOSE-01")!.Level);
        Assert.Null(Catalogue.Find("S5-NOPE-01"));
        Assert.Null(Catalogue.Find("s5-close-01"));
        Assert.StartsWith("RFC 1928 §6 MUST: ", Catalogue.TextOf("S5-CLOSE-01"));
        Assert.Contains("10 seconds", Catalogue.TextOf("S5-CLOSE-01"));
        Assert.StartsWith("SOCKS4a SHOULD: ", Catalogue.TextOf("S4A-05"));
        Assert.Null(Catalogue.TextOf("S5-NOPE-01"));
    }

    [Fact]
    public void Every_codec_violation_maps_to_a_catalogue_requirement()
    {
        var missing = new List<string>();
        foreach (var v in ViolationRequirements.All)
        {
            var id = ViolationRequirements.RequirementOf(v);
            if (Catalogue.Find(id) is null) missing.Add($"{v} -> '{id}'");
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_ledger_entry_names_a_catalogue_requirement_once_with_a_reason()
    {
        Assert.Empty(Ledger.All.Where(e => Catalogue.Find(e.RequirementId) is null).Select(e => e.RequirementId));
        Assert.Empty(Ledger.All.GroupBy(e => e.RequirementId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(Ledger.All, e => Assert.True(e.Reason.Length > 20, e.RequirementId));
    }

    /// <summary>Server and client cases are one kind of case (<see cref="IConformanceCase"/>), checked as one set.</summary>
    private static IEnumerable<IConformanceCase> AllCases => Suite.All.Cast<IConformanceCase>().Concat(ClientCatalog.All);

    [Fact]
    public void Every_case_server_or_client_names_only_catalogue_requirements()
    {
        var unknown = AllCases.SelectMany(c => c.Requirements.Where(id => Catalogue.Find(id) is null).Select(id => $"{c.Id} -> '{id}'")).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void Case_ids_are_unique_across_server_and_client_cases()
    {
        var duplicates = AllCases.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.All(ClientCatalog.All, c => Assert.StartsWith("client/", c.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(Suite.All, c => c.Id.StartsWith("client/", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_requirement_is_covered_by_a_case_or_listed_in_the_ledger()
    {
        var neither = Unexplained(Catalogue.All, Covered());
        Assert.True(neither.Count == 0, "neither covered by a case nor in the ledger: " + string.Join(", ", neither));
    }

    [Fact]
    public void No_ledger_entry_is_covered_by_a_case_after_all()
    {
        var covered = Covered();
        var stale = Ledger.All.Where(e => covered.Contains(e.RequirementId)).Select(e => e.RequirementId).ToList();
        Assert.True(stale.Count == 0, "in the ledger but covered by a case (remove from the ledger): " + string.Join(", ", stale));
    }

    [Fact]
    public void The_coverage_rule_fails_for_a_requirement_that_is_neither_covered_nor_ledgered()
    {
        // The same rule over the catalogue plus one requirement nobody checks, and with one real case's coverage removed.
        var extra = new Requirement("S5-TEST-99", "RFC 1928", "§3", RequirementLevel.Must, RequirementRole.Server, "probe");
        Assert.Equal(["S5-TEST-99"], Unexplained(Catalogue.All.Append(extra), Covered()).Where(id => id == "S5-TEST-99"));
        var withoutClose = Covered();
        withoutClose.Remove("S5-CLOSE-01");
        Assert.Contains("S5-CLOSE-01", Unexplained(Catalogue.All, withoutClose));
    }
}
