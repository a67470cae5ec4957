using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// What every case is, server case (<see cref="SocksCase"/>) or client case (the client harness's ClientCase): a stable
/// ID, the document section and title, the requirements it checks and their level. Reports and the catalogue's tests
/// read cases through this.
/// </summary>
public interface IConformanceCase
{
    string Id { get; }

    /// <summary>Document and section, e.g. "RFC 1928 §4".</summary>
    string Section { get; }

    string Title { get; }

    IReadOnlyList<string> Requirements { get; }

    RequirementLevel Level { get; }
}

/// <summary>The head of a case: its ID, where the documents put it, its title, and the requirements it checks at one level.</summary>
public readonly record struct CaseHead(string Id, string Section, string Title, IReadOnlyList<string> Requirements, RequirementLevel Level);

/// <summary>
/// One case of either side: its head and how it is judged, by accepted outcomes per verdict over what the case observes
/// (<typeparamref name="TObservation"/>). Each side adds how it runs: a server case sends, a client case serves.
/// IDs are stable strings ("rfc1928/4/rsv-ff"): reports, expected-results files and reproducers name cases by them.
/// </summary>
public abstract record ConformanceCase<TObservation>(CaseHead Head, Judgement<TObservation> Judgement) : IConformanceCase
{
    public string Id => Head.Id;

    public string Section => Head.Section;

    public string Title => Head.Title;

    public IReadOnlyList<string> Requirements => Head.Requirements;

    public RequirementLevel Level => Head.Level;

    public IReadOnlyList<OutcomeRule<TObservation>> Rules => Judgement.Rules;

    public Verdict Otherwise => Judgement.Otherwise;

    /// <summary>The acceptable outcomes as one line for reports.</summary>
    public string Expected => Judgement.Expected;

    public Judged Judge(TObservation observation) => Judgement.Judge(observation);
}

/// <summary>
/// The one case builder, server or client: <c>Case(id, section, title).Checks(level, ids...).Accept(verdict,
/// outcomes...)...Otherwise(verdict)</c>; each side's builder adds what it sends or serves and ends the case.
/// </summary>
public abstract class ConformanceCaseBuilder<TSelf, TObservation>(string id, string section, string title)
    where TSelf : ConformanceCaseBuilder<TSelf, TObservation>
{
    private readonly List<string> _requirements = [];
    private readonly List<OutcomeRule<TObservation>> _rules = [];
    private RequirementLevel _level = RequirementLevel.Specified;
    private Verdict? _otherwise;

    protected string Id => id;

    protected CaseHead Head => new(id, section, title, [.. _requirements], _level);

    /// <summary>
    /// The rules as written; anything they do not anticipate fails a MUST-level or specified case and is non-strict for a
    /// SHOULD or MAY, unless <see cref="Otherwise"/> says differently. A case that names neither is refused when it is
    /// written: it would judge by a default nobody chose.
    /// </summary>
    protected Judgement<TObservation> Judgement =>
        _rules.Count == 0 && _otherwise is null
            ? throw new InvalidOperationException($"case {id} accepts no outcome: write at least one Accept")
            : new([.. _rules], _otherwise ?? (_level is RequirementLevel.Must or RequirementLevel.Specified ? Verdict.Fail : Verdict.NonStrict));

    /// <summary>The requirements the case checks, all at <paramref name="level"/>.</summary>
    public TSelf Checks(RequirementLevel level, params string[] requirementIds)
    {
        _level = level;
        _requirements.AddRange(requirementIds);
        return (TSelf)this;
    }

    /// <summary>Each of <paramref name="outcomes"/> earns <paramref name="verdict"/>; rules are tried in the order given.</summary>
    public TSelf Accept(Verdict verdict, params Outcome<TObservation>[] outcomes)
    {
        foreach (var o in outcomes) _rules.Add(new OutcomeRule<TObservation>(o, verdict));
        return (TSelf)this;
    }

    /// <summary>The verdict for anything no rule anticipated.</summary>
    public TSelf Otherwise(Verdict verdict)
    {
        _otherwise = verdict;
        return (TSelf)this;
    }
}
