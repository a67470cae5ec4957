using System.Text.Json;
using Sockspec.Model;

namespace Sockspec.Reports.Tests;

public sealed class JsonReportTests
{
    private static JsonElement Render(TargetReport report)
    {
        using var ms = new MemoryStream();
        JsonReport.Write(report, ms);
        return JsonDocument.Parse(ms.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Top_level_has_target_timing_summary_and_cases()
    {
        var json = Render(SampleReports.Reference());
        Assert.Equal("reference", json.GetProperty("target").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 20, 0, 0, TimeSpan.Zero), json.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(1250, json.GetProperty("durationMs").GetDouble());
        Assert.Equal(7, json.GetProperty("cases").GetArrayLength());
        Assert.Equal(2, json.GetProperty("targetLog").GetArrayLength());
    }

    [Fact]
    public void Summary_counts_every_verdict_by_wire_name_and_by_section()
    {
        var summary = Render(SampleReports.Reference()).GetProperty("summary");
        Assert.Equal(7, summary.GetProperty("total").GetInt32());
        foreach (var name in new[] { "pass", "fail", "non-strict", "unsupported", "informational", "error", "skipped" })
            Assert.Equal(1, summary.GetProperty(name).GetInt32());
        var bySection = summary.GetProperty("bySection");
        Assert.Equal(1, bySection.GetProperty("RFC 1928 §4").GetProperty("fail").GetInt32());
        Assert.Equal(1, bySection.GetProperty("RFC 1928 §4").GetProperty("non-strict").GetInt32());
        Assert.Equal(1, bySection.GetProperty("SOCKS4 §1").GetProperty("skipped").GetInt32());
    }

    [Fact]
    public void A_case_carries_every_documented_field()
    {
        var c = Render(SampleReports.Reference()).GetProperty("cases")[2];
        Assert.Equal("rfc1928/4/cmd-ff", c.GetProperty("id").GetString());
        Assert.Equal(["S5-REQ-02"], c.GetProperty("requirements").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("specified", c.GetProperty("level").GetString());
        Assert.Equal("fail", c.GetProperty("verdict").GetString());
        Assert.StartsWith("REP 07 then close", c.GetProperty("expected").GetString());
        Assert.Equal("REP 00 instead of 07", c.GetProperty("actual").GetString());
        Assert.Equal("RFC 1928 §4", c.GetProperty("section").GetString());
        Assert.Equal("title of rfc1928/4/cmd-ff", c.GetProperty("title").GetString());
        Assert.Equal(12.5, c.GetProperty("durationMs").GetDouble());
        Assert.Contains("--cases 'rfc1928/4/cmd-ff'", c.GetProperty("reproducer").GetString());
    }

    [Fact]
    public void Trace_events_keep_time_connection_direction_kind_hex_and_note()
    {
        var trace = Render(SampleReports.Reference()).GetProperty("cases")[0].GetProperty("trace");
        Assert.Equal(8, trace.GetArrayLength());
        var data = trace[5];
        Assert.Equal(2.0, data.GetProperty("atMs").GetDouble());
        Assert.Equal("tcp#1", data.GetProperty("connection").GetString());
        Assert.Equal("from-target", data.GetProperty("direction").GetString());
        Assert.Equal("data", data.GetProperty("kind").GetString());
        Assert.Equal("050000017f000001c350", data.GetProperty("hex").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("note").ValueKind);
        Assert.Equal("fin", trace[6].GetProperty("kind").GetString());
        Assert.Equal("local", trace[7].GetProperty("direction").GetString());
        Assert.Equal("target closed", trace[7].GetProperty("note").GetString());
    }

    [Fact]
    public void Hostile_text_round_trips_and_a_lone_surrogate_does_not_break_the_writer()
    {
        var json = Render(SampleReports.Hostile());
        Assert.Equal("evil<i>proxy</i> \"&'", json.GetProperty("target").GetString());
        var actual = json.GetProperty("cases")[0].GetProperty("actual").GetString();
        Assert.StartsWith(SampleReports.ImgPayload, actual);
        Assert.EndsWith("\uFFFD", actual);
    }

    [Fact]
    public void Writing_to_a_path_creates_the_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sockspec-json-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(dir, "sub", "r.json");
            JsonReport.Write(SampleReports.Reference(), path);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            Assert.Equal(7, doc.RootElement.GetProperty("cases").GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Verdicts_are_written_by_their_wire_names()
    {
        var verdicts = Render(SampleReports.Reference()).GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("verdict").GetString());
        Assert.Equal(["pass", "non-strict", "fail", "unsupported", "error", "skipped", "informational"], verdicts);
        Assert.All(Enum.GetValues<Verdict>(), v => Assert.True(VerdictNames.TryParse(v.ToWire(), out _)));
    }
}
