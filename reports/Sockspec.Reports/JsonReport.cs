using System.Text.Json;
using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>
/// One target's results as JSON: <c>{ "target", "startedAt", "durationMs", "findings": [ { "kind", "atMs", "message",
/// "inFlight", "culprit", "reproducer" } ], "summary", "cases": [ { "id", "requirements", "level", "verdict", ...
/// "trace": [...] } ], "targetLog" }</c>. Findings (a target's death, no SOCKS server, the run's deadline) come first. Verdicts use their wire names; trace bytes are hex.
/// CI scripts read this file, so names only ever get added, never renamed.
/// </summary>
public static class JsonReport
{
    public static void Write(TargetReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = ReportFile.Create(path);
        Write(report, stream);
    }

    public static void Write(TargetReport report, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("target", SafeText.ForJson(report.Target));
        w.WriteString("startedAt", report.StartedAt);
        w.WriteNumber("durationMs", Math.Round(report.Duration.TotalMilliseconds, 3));
        w.WriteBoolean("failed", report.Failed);
        w.WriteStartArray("findings");
        foreach (var f in report.Findings) WriteFinding(w, f);
        w.WriteEndArray();
        WriteSummary(w, ReportSummary.Of(report.Results));
        w.WriteStartArray("cases");
        foreach (var r in report.Results) WriteCase(w, r);
        w.WriteEndArray();
        w.WriteStartArray("targetLog");
        foreach (var line in report.TargetLog) w.WriteStringValue(SafeText.ForJson(line));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, RunFinding f)
    {
        w.WriteStartObject();
        w.WriteString("kind", RunFinding.KindName(f.Kind));
        w.WriteNumber("atMs", Math.Round(f.At.TotalMilliseconds, 3));
        w.WriteString("message", SafeText.ForJson(f.Message));
        w.WriteStartArray("inFlight");
        foreach (var id in f.InFlight) w.WriteStringValue(SafeText.ForJson(id));
        w.WriteEndArray();
        if (f.Culprit is null) w.WriteNull("culprit");
        else w.WriteString("culprit", SafeText.ForJson(f.Culprit));
        if (f.Reproducer is null) w.WriteNull("reproducer");
        else w.WriteString("reproducer", SafeText.ForJson(f.Reproducer));
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, ReportSummary s)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("total", s.Total);
        foreach (var (verdict, count) in s.ByVerdict) w.WriteNumber(verdict.ToWire(), count);
        w.WriteStartObject("bySection");
        foreach (var (section, counts) in s.BySection)
        {
            w.WriteStartObject(SafeText.ForJson(section));
            foreach (var (verdict, count) in counts)
            {
                if (count > 0) w.WriteNumber(verdict.ToWire(), count);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteCase(Utf8JsonWriter w, CaseResult r)
    {
        w.WriteStartObject();
        w.WriteString("id", SafeText.ForJson(r.CaseId));
        w.WriteStartArray("requirements");
        foreach (var id in r.Requirements) w.WriteStringValue(SafeText.ForJson(id));
        w.WriteEndArray();
        w.WriteStartObject("requirementTexts");
        foreach (var (id, text) in r.RequirementTexts.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(SafeText.ForJson(id), SafeText.ForJson(text));
        w.WriteEndObject();
        w.WriteString("level", r.Level.ToWire());
        w.WriteString("verdict", r.Verdict.ToWire());
        w.WriteString("expected", SafeText.ForJson(r.Expected));
        w.WriteString("actual", SafeText.ForJson(r.Actual));
        w.WriteString("section", SafeText.ForJson(r.Section));
        w.WriteString("title", SafeText.ForJson(r.Title));
        w.WriteNumber("durationMs", Math.Round(r.Duration.TotalMilliseconds, 3));
        w.WriteString("reproducer", SafeText.ForJson(r.Reproducer));
        w.WriteStartArray("trace");
        foreach (var e in r.Trace)
        {
            w.WriteStartObject();
            w.WriteNumber("atMs", Math.Round(e.At.TotalMilliseconds, 3));
            w.WriteString("connection", SafeText.ForJson(e.Connection));
            w.WriteString("peer", e.Peer.ToString().ToLowerInvariant());
            w.WriteString("direction", e.Direction.ToWire());
            w.WriteString("kind", e.Kind.ToWire());
            w.WriteString("hex", Convert.ToHexStringLower(e.Data));
            if (e.Note is null) w.WriteNull("note");
            else w.WriteString("note", SafeText.ForJson(e.Note));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
