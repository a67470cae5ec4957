using System.Globalization;
using System.Xml.Linq;
using Sockspec.Model;

namespace Sockspec.Reports.Tests;

public sealed class JUnitReportTests
{
    private static XDocument Render(TargetReport report)
    {
        using var ms = new MemoryStream();
        JUnitReport.Write(report, ms);
        ms.Position = 0;
        // XDocument.Load checks characters: anything XML 1.0 forbids would throw here.
        return XDocument.Load(ms);
    }

    private static int Attr(XElement e, string name) => int.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Suite_counts_match_the_verdicts()
    {
        var doc = Render(SampleReports.Reference());
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var suite = Assert.Single(root.Elements("testsuite"));
        Assert.Equal("reference", suite.Attribute("name")!.Value);
        foreach (var e in new[] { root, suite })
        {
            Assert.Equal(7, Attr(e, "tests"));
            Assert.Equal(1, Attr(e, "failures"));
            Assert.Equal(1, Attr(e, "errors"));
            Assert.Equal(2, Attr(e, "skipped"));
            Assert.Equal(1.25, double.Parse(e.Attribute("time")!.Value, CultureInfo.InvariantCulture));
        }
        Assert.Equal(7, suite.Elements("testcase").Count());
        Assert.Equal(Attr(suite, "failures"), suite.Elements("testcase").Count(t => t.Element("failure") is not null));
        Assert.Equal(Attr(suite, "errors"), suite.Elements("testcase").Count(t => t.Element("error") is not null));
        Assert.Equal(Attr(suite, "skipped"), suite.Elements("testcase").Count(t => t.Element("skipped") is not null));
    }

    [Fact]
    public void Each_testcase_has_name_classname_and_time_in_seconds()
    {
        var tc = Render(SampleReports.Reference()).Descendants("testcase").First(t => t.Attribute("name")!.Value == "rfc1928/4/cmd-ff");
        Assert.Equal("sockspec.RFC_1928_s4", tc.Attribute("classname")!.Value);
        Assert.Equal("0.013", tc.Attribute("time")!.Value);
        var failure = tc.Element("failure")!;
        Assert.Equal("REP 00 instead of 07", failure.Attribute("message")!.Value);
        Assert.Equal("fail", failure.Attribute("type")!.Value);
        Assert.Contains("expected: REP 07 then close", failure.Value);
        Assert.Contains("rerun: sockspec run", failure.Value);
    }

    [Theory]
    [InlineData("rfc1928/4/rsv-ff")]
    [InlineData("rfc1928/7/frag")]
    [InlineData("rfc1928/3/greeting-one-method")]
    public void Pass_non_strict_and_informational_are_passing_testcases(string id)
    {
        var tc = Render(SampleReports.Reference()).Descendants("testcase").Single(t => t.Attribute("name")!.Value == id);
        Assert.Null(tc.Element("failure"));
        Assert.Null(tc.Element("error"));
        Assert.Null(tc.Element("skipped"));
        Assert.Contains("verdict: ", tc.Element("system-out")!.Value);
    }

    [Fact]
    public void Unsupported_is_skipped_with_its_verdict_in_the_message()
    {
        var tc = Render(SampleReports.Reference()).Descendants("testcase").Single(t => t.Attribute("name")!.Value == "rfc1928/6/bind");
        Assert.StartsWith("unsupported:", tc.Element("skipped")!.Attribute("message")!.Value);
    }

    [Fact]
    public void Control_characters_and_lone_surrogates_are_made_visible_not_written()
    {
        using var ms = new MemoryStream();
        JUnitReport.Write(SampleReports.Hostile(), ms);
        var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
        Assert.DoesNotContain('\u0000', text);
        Assert.DoesNotContain('\u0001', text);
        Assert.DoesNotContain("&#x1;", text);
        ms.Position = 0;
        var doc = XDocument.Load(ms);
        var failure = doc.Descendants("failure").Single();
        Assert.Contains("\\x01\\x08", failure.Attribute("message")!.Value);
        Assert.Contains("\\uD800", failure.Attribute("message")!.Value);
        Assert.Contains("\\x00bell\\x07", doc.Descendants("testsuite").Single().Element("system-out")!.Value);
        Assert.Equal("evil<i>proxy</i> \"&'", doc.Descendants("testsuite").Single().Attribute("name")!.Value);
        Assert.Equal(SampleReports.ScriptPayload, doc.Descendants("error").Single().Attribute("message")!.Value);
    }

    [Fact]
    public void Failure_message_is_one_line_and_bounded()
    {
        var report = new TargetReport("t", DateTimeOffset.UnixEpoch, TimeSpan.Zero,
            [SampleReports.Case("long", Verdict.Fail, actual: new string('x', 1000) + "\nsecond line")], []);
        var failure = Render(report).Descendants("failure").Single();
        Assert.DoesNotContain('\n', failure.Attribute("message")!.Value);
        Assert.True(failure.Attribute("message")!.Value.Length <= 300);
        Assert.Contains("second line", failure.Value);
    }

    [Fact]
    public void An_empty_report_is_still_a_valid_document()
    {
        var doc = Render(new TargetReport("empty", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [], []));
        Assert.Equal(0, Attr(doc.Root!, "tests"));
        Assert.Empty(doc.Descendants("testcase"));
    }
}
