using Sockspec.Model;

namespace Sockspec.Runner.Cases;

/// <summary>
/// What every case is, server case (<see cref="SocksCase"/>) or client case (the client harness's ClientCase): a stable
/// ID, the document section and title, the requirements it checks and their level. Reports and the catalogue's tests
/// read cases through this; how a case runs and is judged is its side's own.
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

/// <summary>
/// The head every case is written with, server or client: <c>Case(id, section, title).Checks(level, ids...)</c>; each
/// side's builder adds what it sends or serves, what it accepts, and how it runs.
/// </summary>
public abstract class CaseHeadBuilder<TSelf>(string id, string section, string title) where TSelf : CaseHeadBuilder<TSelf>
{
    private readonly List<string> _requirements = [];

    protected string Id => id;

    protected string Section => section;

    protected string Title => title;

    protected IReadOnlyList<string> RequirementIds => _requirements;

    protected RequirementLevel Level { get; private set; } = RequirementLevel.Specified;

    /// <summary>The requirements the case checks, all at <paramref name="level"/>.</summary>
    public TSelf Checks(RequirementLevel level, params string[] requirementIds)
    {
        Level = level;
        _requirements.AddRange(requirementIds);
        return (TSelf)this;
    }
}
