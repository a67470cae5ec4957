using Sockspec.Model;

namespace Sockspec.Runner.Wire;

/// <summary>
/// Ends a case early with a verdict of its own: Error when the suite cannot run it (a fixture failed, the handshake
/// that merely leads up to the tested step broke), Unsupported or Skipped when a precondition is absent.
/// </summary>
public sealed class CaseAbort(Verdict verdict, string reason) : Exception(reason)
{
    public Verdict Verdict { get; } = verdict;
}
