using System.Text.Json;
using System.Xml.Linq;
using Sockspec.Model;

namespace Sockspec.Reports.Tests;

/// <summary>Issue 13: the blocked verdict and run-level findings appear in every report, findings first.</summary>
public sealed class FindingsAndBlockedTests
{
    private const string Blocker = "blocked by probe/socks5: method selection: 04 00";

    private static TargetReport Died() => new("127.0.0.1:1080", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(3),
    [
        SampleReports.Case("rfc1928/3/greeting-one-method", Verdict.Pass, "RFC 1928 §3"),
        SampleReports.Case("rfc1928/4/cmd-ff", Verdict.Blocked, actual: Blocker),
    ], ["log line"])
    {
        Findings =
        [
            new RunFinding(RunFindingKind.TargetDied, TimeSpan.FromSeconds(1.5), "the target died during the run <b>(exit 139)</b>",
                ["rfc1929/2/split-bytewise", "rfc1928/4/cmd-ff"], "rfc1929/2/split-bytewise", "sockspec run --exec x --cases rfc1929/2/split-bytewise"),
        ],
    };

    [Fact]
    public void JUnit_puts_the_finding_first_as_a_failure_and_a_blocked_case_as_an_error_naming_its_blocker()
    {
        using var ms = new MemoryStream();
        JUnitReport.Write(Died(), ms);
        ms.Position = 0;
        var suite = XDocument.Load(ms).Root!.Element("testsuite")!;
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal("sockspec/finding/target-died", cases[0].Attribute("name")!.Value);
        Assert.Contains("died during the run", cases[0].Element("failure")!.Attribute("message")!.Value);
        Assert.Contains("split-bytewise alone", cases[0].Element("failure")!.Value);
        var blocked = cases.Single(c => c.Attribute("name")!.Value == "rfc1928/4/cmd-ff").Element("error")!;
        Assert.Equal("blocked", blocked.Attribute("type")!.Value);
        Assert.Equal(Blocker, blocked.Attribute("message")!.Value);
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Equal("1", suite.Attribute("errors")!.Value);
        Assert.StartsWith("FINDING (target-died)", suite.Element("system-out")!.Value);
    }

    [Fact]
    public void JSON_has_the_findings_before_the_cases_and_counts_blocked()
    {
        using var ms = new MemoryStream();
        JsonReport.Write(Died(), ms);
        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        Assert.True(text.IndexOf("\"findings\"", StringComparison.Ordinal) < text.IndexOf("\"cases\"", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("failed").GetBoolean());
        var f = Assert.Single(root.GetProperty("findings").EnumerateArray().ToList());
        Assert.Equal("target-died", f.GetProperty("kind").GetString());
        Assert.Equal("rfc1929/2/split-bytewise", f.GetProperty("culprit").GetString());
        Assert.Equal(2, f.GetProperty("inFlight").GetArrayLength());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("blocked").GetInt32());
    }

    [Fact]
    public void HTML_shows_the_finding_escaped_above_the_counts_with_the_culprit_and_its_reproducer()
    {
        using var tmp = new TempDir();
        var dir = tmp.Path;
        HtmlReport.Write([Died()], dir);
        var index = File.ReadAllText(Path.Combine(dir, "index.html"));
        int finding = index.IndexOf("class=\"finding\"", StringComparison.Ordinal);
        Assert.InRange(finding, 0, index.IndexOf("class=\"counts\"", StringComparison.Ordinal));
        Assert.Contains("&lt;b&gt;(exit 139)&lt;/b&gt;", index);
        Assert.Contains("sockspec run --exec x --cases rfc1929/2/split-bytewise", index);
        Assert.Contains("v-blocked", index);
        var page = File.ReadAllText(Directory.GetFiles(Path.Combine(dir, "cases")).Single(p => p.Contains("cmd-ff", StringComparison.Ordinal)));
        Assert.Contains(Blocker, page);
    }

    [Fact]
    public void A_matrix_names_the_dead_target_in_its_column_head_and_keeps_the_other_targets_verdicts()
    {
        var healthy = new TargetReport("healthy", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2),
        [
            SampleReports.Case("rfc1928/3/greeting-one-method", Verdict.Pass, "RFC 1928 §3"),
            SampleReports.Case("rfc1928/4/cmd-ff", Verdict.Pass, "RFC 1928 §4"),
        ], []);
        using var tmp = new TempDir();
        HtmlReport.Write([healthy, Died()], tmp.Path);
        var index = File.ReadAllText(Path.Combine(tmp.Path, "index.html"));
        int matrix = index.IndexOf("<h2>Matrix</h2>", StringComparison.Ordinal);
        Assert.True(matrix > 0);
        var head = index[matrix..index.IndexOf("</tr>", matrix, StringComparison.Ordinal)];
        // The dying target's head carries the badge, linking to its findings; the healthy one's does not.
        var cols = head.Split("<th class=\"target\">");
        Assert.Equal(3, cols.Length);
        Assert.DoesNotContain("finding-badge", cols[1]);
        Assert.Contains("<a class=\"finding-badge\" href=\"#target-1\">target died</a>", cols[2]);
        Assert.Contains("<td class=\"cell v-blocked\">", index[matrix..]);
        Assert.Contains("<td class=\"cell v-pass\">", index[matrix..]);
    }

    [Fact]
    public void Requirement_texts_come_from_the_results_into_every_case_page_and_the_JSON()
    {
        var withTexts = new TargetReport("a", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [SampleReports.Case("rfc1928/4/cmd-ff", Verdict.Pass, "RFC 1928 §4")], [])
            .Texts(id => $"text of {id} <b>");
        // The second target's result carries no texts (say, an old JSON): the page still shows the first's.
        var without = new TargetReport("b", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [SampleReports.Case("rfc1928/4/cmd-ff", Verdict.Fail, "RFC 1928 §4")], []);
        using var tmp = new TempDir();
        HtmlReport.Write([without, withTexts], tmp.Path);
        var page = File.ReadAllText(Directory.GetFiles(Path.Combine(tmp.Path, "cases")).Single());
        var id = withTexts.Results[0].Requirements[0];
        Assert.Contains($"text of {id} &lt;b&gt;", page);
        Assert.DoesNotContain("(no text available)", page);
        using var ms = new MemoryStream();
        JsonReport.Write(withTexts, ms);
        using var doc = JsonDocument.Parse(ms.ToArray());
        var texts = doc.RootElement.GetProperty("cases")[0].GetProperty("requirementTexts");
        Assert.Equal($"text of {id} <b>", texts.GetProperty(id).GetString());
    }

    [Fact]
    public void A_case_page_dumps_a_bounded_number_of_bytes_whatever_the_trace_holds()
    {
        var flood = Enumerable.Range(0, 3000).Select(i => SampleReports.Ev(i, "tcp#1", TraceDirection.FromTarget, TraceEventKind.Data, new byte[200])).ToList();
        var report = new TargetReport("t", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [SampleReports.Case("c/1", Verdict.Fail, trace: flood)], []);
        using var tmp = new TempDir();
        var dir = tmp.Path;
        HtmlReport.Write([report], dir);
        var page = Directory.GetFiles(Path.Combine(dir, "cases")).Single();
        Assert.InRange(new FileInfo(page).Length, 1, 8L * 1024 * 1024);
        var text = File.ReadAllText(page);
        Assert.Contains("more events not shown", text);
        Assert.Contains("not dumped", text);
    }
}
