using Sockspec.Model;

namespace Sockspec.Spec.Requirements;

/// <summary>Every requirement of the five SOCKS documents, server and client side, by stable ID.</summary>
public static class Catalogue
{
    public static IReadOnlyList<Requirement> All { get; } =
        [.. Rfc1928.All, .. Rfc1929.All, .. Rfc1961.All, .. Socks4.All, .. Socks4a.All];

    // First entry wins, so that a duplicate ID shows up as a failing catalogue test rather than a type-initializer crash.
    private static readonly Dictionary<string, Requirement> ById = Index(All);

    private static Dictionary<string, Requirement> Index(IReadOnlyList<Requirement> all)
    {
        var byId = new Dictionary<string, Requirement>(StringComparer.Ordinal);
        foreach (var r in all) byId.TryAdd(r.Id, r);
        return byId;
    }

    public static Requirement? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>The paraphrase of a requirement, or null; shaped for report renderers that must not depend on spec/.</summary>
    public static string? TextOf(string id) => Find(id)?.Summary;
}
