using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>Counts of one target's verdicts, overall and per section, in a fixed order so that reports diff cleanly.</summary>
public sealed class ReportSummary
{
    private ReportSummary(int total, IReadOnlyDictionary<Verdict, int> byVerdict, IReadOnlyList<(string Section, IReadOnlyDictionary<Verdict, int> Counts)> bySection)
    {
        Total = total;
        ByVerdict = byVerdict;
        BySection = bySection;
    }

    public int Total { get; }

    /// <summary>Every verdict, zero counts included.</summary>
    public IReadOnlyDictionary<Verdict, int> ByVerdict { get; }

    /// <summary>Sections in ordinal order ("RFC 1928 §3" before "RFC 1928 §4"), each with every verdict's count.</summary>
    public IReadOnlyList<(string Section, IReadOnlyDictionary<Verdict, int> Counts)> BySection { get; }

    public int this[Verdict v] => ByVerdict[v];

    public static ReportSummary Of(IReadOnlyList<CaseResult> results) =>
        new(results.Count,
            Count(results),
            results.GroupBy(r => r.Section, StringComparer.Ordinal)
                .OrderBy(g => g.Key, SectionOrder.Instance)
                .Select(g => (g.Key, Count(g.ToList())))
                .ToList());

    private static IReadOnlyDictionary<Verdict, int> Count(IReadOnlyList<CaseResult> results)
    {
        var counts = Enum.GetValues<Verdict>().ToDictionary(v => v, _ => 0);
        foreach (var r in results) counts[r.Verdict]++;
        return counts;
    }

    /// <summary>Orders "RFC 1928 §10" after "RFC 1928 §9": digit runs compare by value.</summary>
    private sealed class SectionOrder : IComparer<string>
    {
        public static readonly SectionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            x ??= ""; y ??= "";
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
                {
                    int si = i, sj = j;
                    while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                    while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                    var a = x[si..i].TrimStart('0');
                    var b = y[sj..j].TrimStart('0');
                    int c = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                    if (c != 0) return c;
                }
                else
                {
                    int c = x[i].CompareTo(y[j]);
                    if (c != 0) return c;
                    i++; j++;
                }
            }
            return (x.Length - i).CompareTo(y.Length - j);
        }
    }
}
