using System.Text.RegularExpressions;
using Sockspec.Reports.Html;
using Sockspec.Model;

namespace Sockspec.Reports.Tests;

public sealed partial class HtmlReportTests
{
    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    private static string? Lookup(string id) => id == "S5-REQ-02" ? "RFC 1928 §4 specified: VER is X'05' & CMD <is> 01..03" : null;

    [Fact]
    public void Writes_an_index_and_one_page_per_case()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference().Texts(Lookup)], dir.Path);
        Assert.True(File.Exists(Path.Combine(dir.Path, "index.html")));
        foreach (var r in SampleReports.Reference().Results)
            Assert.True(File.Exists(Path.Combine(dir.Path, "cases", CaseFiles.FileName(r.CaseId))), r.CaseId);
    }

    [Fact]
    public void Every_link_in_every_page_resolves_to_a_written_file()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference().Texts(Lookup), SampleReports.Hostile().Texts(Lookup)], dir.Path);
        var pages = Directory.GetFiles(dir.Path, "*.html", SearchOption.AllDirectories);
        Assert.Equal(1 + 8, pages.Length);
        foreach (var page in pages)
        {
            foreach (Match m in Href().Matches(File.ReadAllText(page)))
            {
                var target = System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
                var file = target.Split('#')[0];
                if (file.Length == 0) continue;
                Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file))), $"{page} -> {target}");
            }
        }
    }

    [Fact]
    public void Summary_shows_counts_by_verdict_and_by_section()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference()], dir.Path);
        var index = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.Contains("<span class=\"badge v-fail\">fail: 1</span>", index);
        Assert.Contains("<span class=\"badge v-pass\">pass: 1</span>", index);
        Assert.Contains("<td>RFC 1928 §4</td>", index);
        Assert.Contains("<td>SOCKS4 §1</td>", index);
        Assert.DoesNotContain("class=\"matrix\"", index);
    }

    [Fact]
    public void Several_targets_get_a_matrix_with_a_cell_per_target_and_case()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference(), SampleReports.Hostile()], dir.Path);
        var index = File.ReadAllText(Path.Combine(dir.Path, "index.html"));
        Assert.Contains("class=\"matrix\"", index);
        // 8 distinct cases, 7 run against the reference and 3 against the hostile target.
        Assert.Equal(7 + 3, Regex.Matches(index, "<td class=\"cell v-(?!none)").Count);
        Assert.Equal(6, Regex.Matches(index, "<td class=\"cell v-none\"").Count);
        Assert.Contains($"href=\"cases/{CaseFiles.FileName("rfc1928/4/cmd-ff")}#t0\"", index);
        Assert.Contains($"href=\"cases/{CaseFiles.FileName("rfc1928/4/rsv-ff")}#t1\"", index);
    }

    [Fact]
    public void Case_page_has_requirement_text_section_expected_actual_trace_and_reproducer()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference().Texts(Lookup)], dir.Path);
        var page = File.ReadAllText(Path.Combine(dir.Path, "cases", CaseFiles.FileName("rfc1928/4/cmd-ff")));
        Assert.Contains("<code>S5-REQ-02</code> RFC 1928 §4 specified: VER is X&#x27;05&#x27; &amp; CMD &lt;is&gt; 01..03", page);
        Assert.Contains("REP 07 then close (pass)", page);
        Assert.Contains("REP 00 instead of 07", page);
        Assert.Contains("sockspec run --target 127.0.0.1:1080 --cases &#x27;rfc1928/4/cmd-ff&#x27;", page);
        Assert.Contains("id=\"t0\"", page);
        Assert.Contains("FIN (orderly close)", page);
        Assert.Contains("+2.000 ms", page);
    }

    [Fact]
    public void Hex_dump_names_the_fields_the_dissector_finds_even_across_segments()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference()], dir.Path);
        var page = File.ReadAllText(Path.Combine(dir.Path, "cases", CaseFiles.FileName("rfc1928/4/cmd-ff")));
        Assert.Contains("NMETHODS", page);
        Assert.Contains("title=\"CMD = 01 CONNECT\"", page);
        // The request (after the 3-byte greeting) was split 5 + 5 bytes: DST.ADDR straddles both, DST.PORT is at offset 11.
        Assert.Contains("<td class=\"num mono\">11</td><td class=\"num\">2</td><td class=\"mono\">DST.PORT</td>", page);
        Assert.Contains("<td class=\"num mono\">8</td><td class=\"num\">3</td><td class=\"mono\">DST.ADDR (continued)</td>", page);
        Assert.Contains("REP", page);
        Assert.Contains("BND.PORT", page);
        Assert.Contains("<td class=\"off\">0003</td>", page);
    }

    [Fact]
    public void Without_a_lookup_a_case_page_still_lists_its_requirement_ids()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Reference()], dir.Path);
        var page = File.ReadAllText(Path.Combine(dir.Path, "cases", CaseFiles.FileName("rfc1928/4/cmd-ff")));
        Assert.Contains("<code>S5-REQ-02</code> <span class=\"muted\">(no text available)</span>", page);
    }

    [Fact]
    public void Hostile_bytes_and_strings_never_reach_the_page_as_markup()
    {
        using var dir = new TempDir();
        HtmlReport.Write([SampleReports.Hostile().Texts(_ => "</li><script>alert(3)</script>")], dir.Path);
        foreach (var file in Directory.GetFiles(dir.Path, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(file);
            Assert.DoesNotMatch("(?i)<script", html);
            Assert.DoesNotMatch("(?i)<img", html);
            Assert.DoesNotMatch("(?i)<i>", html);
            Assert.DoesNotMatch("(?i)<b>", html);
            Assert.DoesNotContain('\u0000', html);
        }
        var page = File.ReadAllText(Path.Combine(dir.Path, "cases", CaseFiles.FileName("rfc1928/3/greeting-one-method")));
        Assert.Contains("&lt;/div&gt;&lt;img src=x onerror=&quot;window.__pwned=2;alert(2)&quot;&gt;", page);
        Assert.Contains("&lt;script&gt;", page);
    }

    [Fact]
    public void Case_file_names_are_safe_and_distinct()
    {
        string[] ids = ["rfc1928/4/rsv-ff", "rfc1928_4_rsv-ff", "rfc1928~4~rsv-ff", "../../etc/passwd", ".hidden", "a b", "ü", "", "x.y", "x~2Ey"];
        var names = ids.Select(CaseFiles.FileName).ToList();
        Assert.Equal(ids.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n =>
        {
            Assert.Matches("^[A-Za-z0-9_~-]+\\.html$", n);
            Assert.False(n.StartsWith('.'));
        });
        Assert.Equal("rfc1928_4_rsv-ff.html", CaseFiles.FileName("rfc1928/4/rsv-ff"));
    }

    [Fact]
    public void A_huge_data_event_is_dumped_only_in_part()
    {
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        var trace = new[] { SampleReports.Ev(1, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, big) };
        using var dir = new TempDir();
        HtmlReport.Write([new TargetReport("t", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [SampleReports.Case("big", Verdict.Pass, trace: trace)], [])], dir.Path);
        var page = File.ReadAllText(Path.Combine(dir.Path, "cases", "big.html"));
        Assert.Contains("95904 more bytes not shown", page);
        Assert.True(page.Length < 2_000_000);
    }

    private static string CasePageFor(IReadOnlyList<TraceEvent> trace)
    {
        using var dir = new TempDir();
        HtmlReport.Write([new TargetReport("t", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [SampleReports.Case("c", Verdict.Pass, trace: trace)], [])], dir.Path);
        return File.ReadAllText(Path.Combine(dir.Path, "cases", "c.html"));
    }

    [Fact]
    public void The_declared_peer_decides_how_bytes_are_dissected_never_the_connection_name()
    {
        var greeting = SampleReports.Hex("05 02 00 02");
        // Named like a proxy connection but declared as nothing: raw. Named oddly but declared a client: dissected.
        var raw = CasePageFor([SampleReports.Ev(1, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, greeting) with { Peer = TracePeer.Unknown }]);
        Assert.DoesNotContain("NMETHODS", raw);
        var named = CasePageFor([SampleReports.Ev(1, "anything", TraceDirection.FromTarget, TraceEventKind.Data, greeting) with { Peer = TracePeer.Client }]);
        Assert.Contains("title=\"NMETHODS = 2\"", named);
        var payload = CasePageFor([SampleReports.Ev(1, "client#1", TraceDirection.FromTarget, TraceEventKind.Data, greeting) with { Peer = TracePeer.BindPeer }]);
        Assert.DoesNotContain("NMETHODS", payload);
    }

    [Fact]
    public void In_a_client_suite_trace_the_target_is_the_client()
    {
        var page = CasePageFor(
        [
            SampleReports.Ev(1, "client#1", TraceDirection.FromTarget, TraceEventKind.Data, SampleReports.Hex("05 02 00 02")),
            SampleReports.Ev(2, "client#1", TraceDirection.ToTarget, TraceEventKind.Data, SampleReports.Hex("05 00")),
        ]);
        Assert.Contains("title=\"NMETHODS = 2\"", page);
        Assert.Contains("title=\"METHOD = 00 no authentication required\"", page);
        Assert.DoesNotContain("class=\"viol\"", page);
    }

    [Fact]
    public void Udp_datagrams_are_dissected_one_by_one_and_payload_connections_are_left_raw()
    {
        var page = CasePageFor(
        [
            SampleReports.Ev(1, "udp#1", TraceDirection.ToTarget, TraceEventKind.Data, SampleReports.Hex("00 00 81 01 7f 00 00 01 00 35 aa")),
            SampleReports.Ev(2, "bind-peer", TraceDirection.ToTarget, TraceEventKind.Data, "hello"u8.ToArray()),
        ]);
        Assert.Contains("FRAG = 81", page);
        Assert.Contains("DST.PORT = 53", page);
        Assert.DoesNotContain("undecodable", page);
        Assert.Contains("68 65 6c 6c 6f", page);
    }
}
