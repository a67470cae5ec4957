using Sockspec.Model;
using Sockspec.Runner.Running;
using Sockspec.Targets;

namespace Sockspec.Spec.Tests;

/// <summary>
/// The IPv6 cases (issue 13, deliverable 7): the reference proxy passes them all under --strict, and each fault of
/// <see cref="BrokenIpv6Proxy"/> turns the cases that check its rule into the verdict the grading policy gives it,
/// while the fault-free control passes the same cases.
/// </summary>
[Collection(LiveTargets.Name)]
public sealed class Ipv6CaseTests
{
    public static readonly string[] Ipv6Cases =
    [
        "rfc1928/6/udp-ipv6-client-reply",
        "rfc1928/6/udp-declared-ipv6-zeros",
        "rfc1928/6/bind-ipv6-first-reply",
        "rfc1928/6/bind-ipv6-second-reply",
        "rfc1928/6/bind-ipv6-relay",
        "rfc1928/6/bind-ipv6-client",
        "rfc1928/7/relay-ipv6",
        "rfc1928/7/reply-header-ipv6",
        "rfc1928/7/ipv6-client-relay-ipv6",
        "rfc1928/7/ipv6-client-relay-ipv4",
    ];

    public static TheoryData<Ipv6Fault, string, Verdict, string?> Detections => new()
    {
        { Ipv6Fault.DropsIpv6Datagrams, "rfc1928/7/relay-ipv6", Verdict.Fail, "refuses-atyp-04=no" },
        { Ipv6Fault.DropsIpv6Datagrams, "rfc1928/7/reply-header-ipv6", Verdict.Fail, "refuses-atyp-04=no" },
        { Ipv6Fault.DropsIpv6Datagrams, "rfc1928/7/ipv6-client-relay-ipv6", Verdict.Fail, "refuses-atyp-04=no" },
        { Ipv6Fault.Ipv4HeaderForIpv6, "rfc1928/7/reply-header-ipv6", Verdict.Fail, "DstAddr = 0.0.0.1" },
        { Ipv6Fault.Ipv4HeaderForIpv6, "rfc1928/7/ipv6-client-relay-ipv6", Verdict.Fail, "DstAddr = 0.0.0.1" },
        { Ipv6Fault.MappedHeaderForIpv4, "rfc1928/7/ipv6-client-relay-ipv4", Verdict.Fail, "DstAddr = ::ffff:127.0.0.1" },
        { Ipv6Fault.TruncatedIpv6Header, "rfc1928/7/reply-header-ipv6", Verdict.Fail, "header-names-echo=no" },
        { Ipv6Fault.TruncatedIpv6Header, "rfc1928/7/relay-ipv6", Verdict.Fail, "relayed=no" },
        { Ipv6Fault.PortByteOrder, "rfc1928/7/reply-header-ipv6", Verdict.Fail, "header-names-echo=no" },
        { Ipv6Fault.PortByteOrder, "rfc1928/7/ipv6-client-relay-ipv4", Verdict.Fail, "header-names-echo=no" },
        { Ipv6Fault.DropsIpv4ForIpv6Client, "rfc1928/7/ipv6-client-relay-ipv4", Verdict.Fail, "arrived=no" },
        { Ipv6Fault.ReflectsIpv6Datagrams, "rfc1928/7/relay-ipv6", Verdict.Fail, "arrived=no" },
        { Ipv6Fault.ReflectsIpv6Datagrams, "rfc1928/7/reply-header-ipv6", Verdict.Fail, "arrived=no" },
        { Ipv6Fault.AssociateIpv6Silent, "rfc1928/6/udp-ipv6-client-reply", Verdict.Fail, null },
        { Ipv6Fault.AssociateIpv6Silent, "rfc1928/6/udp-declared-ipv6-zeros", Verdict.Fail, null },
        { Ipv6Fault.AssociateIpv6BareClose, "rfc1928/6/udp-ipv6-client-reply", Verdict.Fail, null },
        { Ipv6Fault.AssociateIpv6BareClose, "rfc1928/6/udp-declared-ipv6-zeros", Verdict.Fail, null },
        { Ipv6Fault.BindIpv6BareClose, "rfc1928/6/bind-ipv6-first-reply", Verdict.Fail, null },
        { Ipv6Fault.BindIpv6BareClose, "rfc1928/6/bind-ipv6-client", Verdict.Fail, null },
        { Ipv6Fault.BindIpv4Bnd, "rfc1928/6/bind-ipv6-first-reply", Verdict.Fail, "BndAddr = 127.0.0.1" },
        { Ipv6Fault.BindIpv4Bnd, "rfc1928/6/bind-ipv6-second-reply", Verdict.Fail, "first-bnd-ipv6=no" },
        { Ipv6Fault.BindIpv6Silent, "rfc1928/6/bind-ipv6-first-reply", Verdict.Fail, null },
        { Ipv6Fault.BindIpv6Silent, "rfc1928/6/bind-ipv6-client", Verdict.Fail, null },
        { Ipv6Fault.Ipv4RelayForIpv6Client, "rfc1928/6/udp-ipv6-client-reply", Verdict.Fail, "BndAddr = 127.0.0.1" },
        { Ipv6Fault.BindSecondPortByteOrder, "rfc1928/6/bind-ipv6-second-reply", Verdict.Fail, "peer-address=no" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/7/relay-ipv6", Verdict.Unsupported, "refuses-atyp-04=yes" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/7/reply-header-ipv6", Verdict.Unsupported, "refuses-atyp-04=yes" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/6/bind-ipv6-first-reply", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/6/udp-declared-ipv6-zeros", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/6/udp-ipv6-client-reply", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/6/bind-ipv6-client", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/7/ipv6-client-relay-ipv6", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.RefusesIpv6, "rfc1928/7/ipv6-client-relay-ipv4", Verdict.Unsupported, "Rep = 8" },
        { Ipv6Fault.NoIpv6Listener, "rfc1928/7/ipv6-client-relay-ipv6", Verdict.Skipped, "nothing accepts on [::1]" },
        { Ipv6Fault.NoIpv6Listener, "rfc1928/6/bind-ipv6-client", Verdict.Skipped, "nothing accepts on [::1]" },
        { Ipv6Fault.NoIpv6Listener, "rfc1928/6/udp-ipv6-client-reply", Verdict.Skipped, "nothing accepts on [::1]" },
        { Ipv6Fault.NoIpv6Listener, "rfc1928/7/ipv6-client-relay-ipv4", Verdict.Skipped, "nothing accepts on [::1]" },
    };

    private static async Task<CaseResult> RunOne(Ipv6Fault fault, string caseId)
    {
        await using var proxy = new BrokenIpv6Proxy(fault);
        var runner = new SuiteRunner(new RunOptions { CaseGlobs = [caseId], Timeout = TimeSpan.FromSeconds(2), Strict = true });
        var report = await runner.RunAsync(Suite.All, new EndpointTarget(proxy.EndPoint), CancellationToken.None);
        return report.Results.Single(r => r.CaseId == caseId);
    }

    [Fact]
    public void The_ipv6_cases_are_in_the_suite() =>
        Assert.All(Ipv6Cases, id => Assert.Contains(Suite.All, c => c.Id == id));

    [Theory]
    [MemberData(nameof(Detections))]
    public async Task A_proxy_with_the_fault_gets_the_verdict_the_policy_gives_it(Ipv6Fault fault, string caseId, Verdict expected, string? evidence)
    {
        var r = await RunOne(fault, caseId);
        Assert.True(r.Verdict == expected, $"{caseId} against {fault}: {r.Verdict.ToWire()} (wanted {expected.ToWire()}): {r.Actual}");
        // The verdict must come from the fault's own evidence, not from some other trouble on the way.
        if (evidence is not null) Assert.Contains(evidence, r.Actual);
    }

    [Theory]
    [MemberData(nameof(Detections))]
    public async Task The_same_case_passes_the_fault_free_control(Ipv6Fault fault, string caseId, Verdict expected, string? evidence)
    {
        _ = (fault, expected, evidence);
        var r = await RunOne(Ipv6Fault.None, caseId);
        Assert.True(r.Verdict == Verdict.Pass, $"{caseId} against the control: {r.Verdict.ToWire()}: {r.Actual}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_reference_proxy_passes_every_ipv6_case_under_strict(bool withCredentials)
    {
        var credentials = withCredentials ? new Targets.Credentials("sockspec-user", "sockspec-pass") : null;
        var runner = new SuiteRunner(new RunOptions { CaseGlobs = Ipv6Cases, Credentials = credentials, Strict = true });
        await using var target = new ReferenceTarget(credentials);
        var report = await runner.RunAsync(Suite.All, target, CancellationToken.None);
        var results = report.Results.Where(r => Ipv6Cases.Contains(r.CaseId)).ToList();
        Assert.Equal(Ipv6Cases.Length, results.Count);
        var notPassing = results.Where(r => r.Verdict != Verdict.Pass).Select(r => $"{r.CaseId} {r.Verdict.ToWire()}: {r.Actual}").ToList();
        Assert.True(notPassing.Count == 0, string.Join("\n", notPassing));
    }
}
