using Sockspec.Runner.Model;
using Sockspec.Runner.Running;
using Sockspec.Runner.Targets;

namespace Sockspec.Spec.Tests;

/// <summary>
/// Each fault of <see cref="BrokenProxy"/> must turn exactly the cases that check that rule into failures, while the
/// same cases pass against the fault-free control: proof that the verdicts come from the bytes, not from the suite.
/// </summary>
[Collection(LiveTargets.Name)]
public sealed class BrokenProxyTests
{
    public static TheoryData<Fault, string, string?> Detections => new()
    {
        { Fault.ReplyRsvOne, "rfc1928/6/success-well-formed", "RSV was 0x01" },
        { Fault.SuccessBeforeConnect, "rfc1928/6/no-success-before-connect", null },
        { Fault.SuccessBeforeConnect, "rfc1928/6/closed-port-refused", null },
        { Fault.ThreeByteFailure, "rfc1928/6/failure-full-layout", "close (FIN) after 3 byte(s)" },
        { Fault.SelectsUnoffered, "rfc1928/3/only-01", null },
        { Fault.SelectsUnoffered, "rfc1928/3/only-80", null },
        { Fault.OneReceivePerMessage, "robustness/request-split-at-4", null },
        { Fault.OneReceivePerMessage, "robustness/greeting-bytewise", null },
    };

    private static async Task<CaseResult> RunOne(Fault fault, string caseId)
    {
        await using var proxy = new BrokenProxy(fault);
        var runner = new SuiteRunner(new RunOptions { CaseGlobs = [caseId], Timeout = TimeSpan.FromSeconds(2) });
        var report = await runner.RunAsync(Suite.All, new EndpointTarget(proxy.EndPoint), CancellationToken.None);
        return report.Results.Single(r => r.CaseId == caseId);
    }

    [Theory]
    [MemberData(nameof(Detections))]
    public async Task The_suite_fails_a_proxy_with_the_fault(Fault fault, string caseId, string? evidence)
    {
        var r = await RunOne(fault, caseId);
        Assert.True(r.Verdict == Verdict.Fail, $"{caseId} against {fault}: {r.Verdict.ToWire()}: {r.Actual}");
        if (evidence is not null) Assert.Contains(evidence, r.Actual);
        Assert.NotEmpty(r.Trace);
    }

    [Theory]
    [MemberData(nameof(Detections))]
    public async Task The_same_case_passes_the_fault_free_control(Fault fault, string caseId, string? evidence)
    {
        _ = (fault, evidence);
        var r = await RunOne(Fault.None, caseId);
        Assert.True(r.Verdict == Verdict.Pass, $"{caseId} against the control: {r.Verdict.ToWire()}: {r.Actual}");
    }
}
