using System.Net;
using System.Net.Sockets;
using Sockspec.ClientSpec.Harness;
using Sockspec.Model;
using Sockspec.Spec;
using Sockspec.Runner.Wire;

namespace Sockspec.ClientSpec.Tests;

/// <summary>
/// spec/GRADING.md's client rows enforced on every client case: each case's rules (capped by its requirements' level,
/// as the runner does) judged against a client that fetched, one that gave up, and one that hung, with no SOCKS
/// traffic recorded. The bytes a client sends are checked elsewhere; these are the rules about what it did.
/// </summary>
public sealed class ClientGradingPolicyTests : IAsyncLifetime
{
    private Socket? _listener;
    private Socket? _client;
    private Socket? _accepted;
    private ScriptSession? _session;

    public async Task InitializeAsync()
    {
        // One real loopback connection for the session record the outcomes read (nothing is sent on it).
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await _client.ConnectAsync(_listener.LocalEndPoint!);
        _accepted = await _listener.AcceptAsync();
        var trace = new WireTrace();
        var context = new ClientCaseContext
        {
            Case = ClientCatalog.All[0], Trace = trace, Target = null!, TargetHost = "localhost", TargetPort = 80,
            Deadline = TimeSpan.FromSeconds(1), Watch = TimeSpan.FromMilliseconds(100), Cancel = CancellationToken.None, ClientDone = Task.CompletedTask,
        };
        _session = new ScriptSession(TracedConnection.Wrap(_accepted, "client#0", trace, TimeSpan.FromSeconds(1)), context, 0);
    }

    public Task DisposeAsync()
    {
        _accepted?.Dispose();
        _client?.Dispose();
        _listener?.Dispose();
        return Task.CompletedTask;
    }

    private Verdict Judge(ClientCase c, ClientOutcomeKind kind)
    {
        var o = new CaseObservation
        {
            Context = _session!.Context with { Case = c }, Sessions = [_session], Client = new ClientOutcome(kind, kind == ClientOutcomeKind.Hung ? null : 0, TimeSpan.FromSeconds(1), ""),
            DirectHits = 0,
        };
        return c.Grade(o).Verdict;
    }

    private static readonly ClientOutcomeKind[] Outcomes = [ClientOutcomeKind.Fetched, ClientOutcomeKind.Failed, ClientOutcomeKind.Hung];

    private static void AssertNone(IEnumerable<string> offenders, string rule)
    {
        var list = offenders.ToList();
        Assert.True(list.Count == 0, $"{list.Count} case(s) break \"{rule}\":\n" + string.Join("\n", list));
    }

    [Fact]
    public void A_hung_client_is_never_a_pass_and_no_client_case_says_unsupported()
    {
        // C3/C7: no document bounds a client's patience, so hanging is at most non-strict; but it is never a pass.
        AssertNone(from c in ClientCatalog.All
                   from k in Outcomes
                   let v = Judge(c, k)
                   where v == Verdict.Unsupported || k == ClientOutcomeKind.Hung && v == Verdict.Pass
                   select $"{c.Id}: {k} is {v.ToWire()}", "hanging is never a pass; unsupported is a server verdict");
    }

    [Fact]
    public void Every_failure_reply_must_be_refused()
    {
        // C1-C3: any REP other than X'00', any CD other than 90, any STATUS other than X'00' is a failure.
        var refusals = ClientCatalog.All.Where(c => c.Id.StartsWith("client/s5/rep/", StringComparison.Ordinal)
                                                    || c.Id.StartsWith("client/s4/rep/", StringComparison.Ordinal)
                                                    || c.Id.StartsWith("client/up/status-", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count >= 20, $"{refusals.Count} failure-reply cases");
        AssertNone(from c in refusals
                   from x in new[] { (ClientOutcomeKind.Fetched, Verdict.Fail), (ClientOutcomeKind.Failed, Verdict.Pass), (ClientOutcomeKind.Hung, Verdict.NonStrict) }
                   where Judge(c, x.Item1) != x.Item2
                   select $"{c.Id}: {x.Item1} is {Judge(c, x.Item1).ToWire()}, not {x.Item2.ToWire()}", "a failure reply is refused");
    }

    [Fact]
    public void A_reserved_field_or_version_the_server_got_wrong_may_be_ignored()
    {
        // C6: RSV binds the sender (the server); accepting or refusing the reply is the client's choice, recorded.
        var lenient = ClientCatalog.All.Where(c => c.Id is "client/s5/reply/rsv-nonzero" or "client/s4/reply/vn-4" or "client/up/response-version-5").ToList();
        Assert.Equal(3, lenient.Count);
        AssertNone(from c in lenient
                   from k in new[] { ClientOutcomeKind.Fetched, ClientOutcomeKind.Failed }
                   where Judge(c, k) != Verdict.Informational
                   select $"{c.Id}: {k} is {Judge(c, k).ToWire()}", "ignoring a field that binds the server is informational");
    }

    [Fact]
    public void A_case_citing_only_should_or_may_requirements_never_fails()
    {
        // As for server cases (SuiteShapeTests): a SHOULD is non-strict when broken, a failure only under --strict.
        AssertNone(from c in ClientCatalog.All
                   where c.Requirements.All(id => Sockspec.Spec.Requirements.Catalogue.Find(id)?.Level is RequirementLevel.Should or RequirementLevel.May)
                   from k in Outcomes
                   where Judge(c, k) == Verdict.Fail
                   select $"{c.Id}: {k} is fail", "SHOULD-level cases are non-strict at worst");
        // The cap is not blanket: a case with a specified requirement still fails a client that fetched through a refusal.
        Assert.Equal(Verdict.Fail, Judge(ClientCatalog.All.Single(c => c.Id == "client/s5/rep/07"), ClientOutcomeKind.Fetched));
    }
}
