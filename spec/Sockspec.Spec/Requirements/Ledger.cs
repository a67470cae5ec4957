namespace Sockspec.Spec.Requirements;

/// <summary>A requirement the suite deliberately does not test, and why.</summary>
public sealed record LedgerEntry(string RequirementId, string Reason);

/// <summary>
/// Every catalogue requirement that no case checks, with the reason. A catalogue test fails when a requirement is
/// neither covered by a case nor listed here, and when an entry here is covered after all (the ledger went stale).
/// </summary>
public static class Ledger
{
    private const string NoGssApi =
        "GSS-API needs a Kerberos (or other mechanism) infrastructure on both sides; the codec can frame RFC 1961 messages, but the suite " +
        "runs no mechanism, and almost no SOCKS server implements one.";

    private const string NoEncapsulation =
        "Only GSS-API encapsulates; the methods the suite runs (X'00', X'02') carry no encapsulation, so there is nothing to observe.";

    private const string ClientSuite =
        "Client-side requirement: checked by the client suite (`sockspec clients`, issue 8), which has no case for it yet.";

    public static IReadOnlyList<LedgerEntry> All { get; } =
    [
        new("S5-GEN-01", "Port 1080 is a convention; the suite tests whatever address the user names."),
        new("S5-METHOD-06", "The GSSAPI MUST is met by almost no implementation and needs a GSS-API mechanism to test. " + NoGssApi),
        new("S5-METHOD-08", "A process rule for protocol designers (ask IANA for a METHOD number), not wire behaviour."),
        new("S5-REQ-04", NoEncapsulation),
        new("S5-REP-06", NoEncapsulation),
        new("S5-DATA-02", NoEncapsulation),
        new("S5-CONN-02", "How a server weighs DST and the client's source address is its policy (\"expected\", not required); no verdict follows from it."),
        new("S5-FRAG-02", "Reassembly is optional; the suite tests only the drop of FRAG != 0 (S5-FRAG-04), not a reassembly queue."),
        new("S5-FRAG-03", "Reassembly timers are optional and would need a target that reassembles; only the drop (S5-FRAG-04) is tested."),
        new("S5-FRAG-05", "Advice to applications, not to a proxy; nothing on the wire to grade."),
        new("S5-UDP-10", "A rule for a client library's programming interface (reported buffer sizes), invisible on the wire."),
        new("UP-07", "Security advice to deployments (cleartext passwords), not behaviour of an implementation."),
        new("GSS-01", NoGssApi),
        new("GSS-02", NoGssApi),
        new("GSS-03", NoGssApi),
        new("GSS-04", NoGssApi),
        new("GSS-05", NoGssApi),
        new("GSS-06", NoGssApi),
        new("GSS-07", NoGssApi),
        new("GSS-08", NoGssApi),
        new("GSS-09", NoGssApi),
        new("GSS-10", NoGssApi),
        new("GSS-11", NoGssApi),
        new("GSS-12", NoGssApi),
        new("GSS-13", NoGssApi),
        new("GSS-14", NoGssApi),
        new("S4-CONN-01", "IDENT (RFC 1413) needs an identd on the client host; a server's admission policy is its own choice."),
        new("S4-TIME-01", "The original limit is 2 minutes and the suite may only reach loopback, where a connect never hangs; " +
                          "a test would cost minutes for a rule with no fixed bound."),
        new("S4-BIND-06", "A rule on the application protocol (telling the application server the rendezvous address), outside SOCKS."),
        new("S5-UDP-02", ClientSuite),
        new("S5-UDP-05", ClientSuite),
        new("S4-BIND-03", ClientSuite),
        new("C4A-02", "Whether a client can resolve a name depends on its host's resolver, so the choice of the 4A form is not reproducible in a test."),
    ];

    public static LedgerEntry? Find(string id) => All.FirstOrDefault(e => e.RequirementId == id);
}
