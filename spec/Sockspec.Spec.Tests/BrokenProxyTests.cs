using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

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
        { Fault.ThreeByteFailure, "rfc1928/6/failure-full-layout", "close (FIN) after 3 byte(s)" },
        { Fault.TwoByteFailure, "rfc1928/6/failure-full-layout", "close (FIN) after 2 byte(s)" },
        { Fault.SelectsUnoffered, "rfc1928/3/only-01", null },
        { Fault.SelectsUnoffered, "rfc1928/3/only-80", null },
        { Fault.OneReceivePerMessage, "robustness/request-split-at-4", null },
        { Fault.OneReceivePerMessage, "robustness/greeting-bytewise", null },
        // The real deviations of issue 13, each a failure of a default run: dante's bare close on an unknown CMD and an
        // unknown ATYP, OpenSSH's bare close after a refused SOCKS4 CONNECT, a success claiming the listening address.
        { Fault.SilentCloseOnUnknownCommand, "rfc1928/4/cmd-04", "with no reply" },
        { Fault.SilentCloseOnUnknownCommand, "rfc1928/4/cmd-ff", "with no reply" },
        { Fault.SilentCloseOnUnknownCommand, "deviations/rep-matrix/cmd-ff-closed-port", "with no reply" },
        { Fault.SilentCloseOnUnknownAddressType, "rfc1928/5/atyp-05", "with no reply" },
        { Fault.SilentCloseOnUnknownAddressType, "rfc1928/5/atyp-00", "with no reply" },
        { Fault.Socks4BareCloseOnRefused, "socks4/connect/closed-port", "with no reply" },
        { Fault.BndIsListener, "rfc1928/6/success-bnd-is-outbound-address", "bnd-is-listener=yes" },
        { Fault.BndMadeUp, "rfc1928/6/success-bnd-is-outbound-address", "bnd-is-outbound=no" },
    };

    private static async Task<TargetReport> Run(Fault fault, bool strict, params string[] globs)
    {
        await using var proxy = new BrokenProxy(fault);
        var runner = new SuiteRunner(new RunOptions { CaseGlobs = globs, Timeout = TimeSpan.FromSeconds(2), Strict = strict });
        return await runner.RunAsync(Suite.All, new EndpointTarget(proxy.EndPoint), CancellationToken.None);
    }

    private static async Task<CaseResult> RunOne(Fault fault, string caseId, bool strict = false) =>
        (await Run(fault, strict, caseId)).Results.Single(r => r.CaseId == caseId);

    /// <summary>The suite's cases (not the probes) that a whole run graded <see cref="Verdict.Fail"/>.</summary>
    private static async Task<SortedSet<string>> Failures(Fault fault)
    {
        var ids = Suite.All.Select(c => c.Id).ToHashSet();
        var report = await Run(fault, strict: false);
        return new SortedSet<string>(report.Results.Where(r => ids.Contains(r.CaseId) && r.Verdict == Verdict.Fail).Select(r => r.CaseId), StringComparer.Ordinal);
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
    [InlineData(Fault.TwoByteFailure)]
    [InlineData(Fault.ThreeByteFailure)]
    public async Task A_short_failure_reply_fails_the_layout_case_and_nothing_else(Fault fault)
    {
        // One defect, one failure (GRADING.md S13): before issue 13 a 2-byte failure reply failed six MUST cases. The
        // comparison with the control's whole run isolates what the fault alone fails.
        var control = await Failures(Fault.None);
        var faulty = await Failures(fault);
        var added = faulty.Except(control).ToList();
        var removed = control.Except(faulty).ToList();
        Assert.True(added.SequenceEqual(["rfc1928/6/failure-full-layout"]) && removed.Count == 0,
            $"{fault}: failures added [{string.Join(", ", added)}], removed [{string.Join(", ", removed)}]; the control fails [{string.Join(", ", control)}]");
    }

    [Fact]
    public async Task Never_answering_a_request_with_VER_04_is_non_strict_and_fails_under_strict()
    {
        // dante keeps the connection open on VER 04. A message the server cannot take as SOCKS5 gets a failure reply or
        // a close (GRADING.md S5); waiting forever for bytes that cannot make it valid is non-strict (S6), so a default
        // run records it and --strict fails it.
        const string id = "rfc1928/4/ver-04";
        var lenient = await RunOne(Fault.SilentOnRequestVersion4, id);
        Assert.True(lenient.Verdict == Verdict.NonStrict, $"default run: {lenient.Verdict.ToWire()}: {lenient.Actual}");
        Assert.Contains("no reply (timeout)", lenient.Actual);
        var strict = await RunOne(Fault.SilentOnRequestVersion4, id, strict: true);
        Assert.True(strict.Verdict == Verdict.Fail, $"--strict: {strict.Verdict.ToWire()}: {strict.Actual}");
        var control = await RunOne(Fault.None, id, strict: true);
        Assert.True(control.Verdict == Verdict.Pass, $"control: {control.Verdict.ToWire()}: {control.Actual}");
    }

    [Fact]
    public async Task Ignoring_a_non_zero_rsv_is_informational_even_under_strict()
    {
        // The control serves a request with RSV != 00 as if it were 00: RFC 1928 binds only the sender of a reserved
        // field (GRADING.md S10), so --strict must not fail it.
        var report = await Run(Fault.None, strict: true, "rfc1928/4/rsv-*");
        var rsv = report.Results.Where(r => r.CaseId.StartsWith("rfc1928/4/rsv-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rsv.Count);
        Assert.All(rsv, r => Assert.True(r.Verdict == Verdict.Informational, $"{r.CaseId}: {r.Verdict.ToWire()}: {r.Actual}"));
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
