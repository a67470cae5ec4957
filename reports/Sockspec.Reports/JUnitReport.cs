using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sockspec.Model;

namespace Sockspec.Reports;

/// <summary>
/// One target's results as JUnit XML in the shape GitHub and GitLab test reporters read:
/// <c>&lt;testsuites&gt;&lt;testsuite name tests failures errors skipped time&gt;&lt;testcase name classname time&gt;</c>.
/// fail becomes &lt;failure&gt;, error and blocked &lt;error&gt; (type "blocked", the message naming the blocker), skipped
/// and unsupported &lt;skipped/&gt;; non-strict and informational pass (under --strict the runner has already turned a
/// non-strict verdict into fail). Run-level findings (a target's death, no SOCKS server, the run's deadline) come first,
/// each as a failed test case "sockspec/finding/KIND", and open the suite's system-out. Every string is stripped of what
/// XML 1.0 cannot carry.
/// </summary>
public static class JUnitReport
{
    public static void Write(TargetReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = ReportFile.Create(path);
        Write(report, stream);
    }

    public static void Write(TargetReport report, Stream stream)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(stream, settings);
        Build(report).Save(xml);
    }

    internal static XDocument Build(TargetReport report)
    {
        var s = ReportSummary.Of(report.Results);
        int failures = s[Verdict.Fail] + report.Findings.Count, errors = s[Verdict.Error] + s[Verdict.Blocked];
        int skipped = s[Verdict.Skipped] + s[Verdict.Unsupported], tests = s.Total + report.Findings.Count;
        string time = Seconds(report.Duration);
        var suite = new XElement("testsuite",
            new XAttribute("name", Clean(report.Target)),
            new XAttribute("tests", tests),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", skipped),
            new XAttribute("time", time),
            new XAttribute("timestamp", report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            report.Findings.Select(Finding),
            report.Results.Select(TestCase));
        var findingLines = report.Findings.Select(f => $"FINDING ({RunFinding.KindName(f.Kind)}): {f.Describe()}");
        var output = findingLines.Concat(report.TargetLog).ToList();
        if (output.Count > 0) suite.Add(new XElement("system-out", Clean(string.Join('\n', output))));
        return new XDocument(new XElement("testsuites",
            new XAttribute("name", "sockspec"),
            new XAttribute("tests", tests),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", skipped),
            new XAttribute("time", time),
            suite));
    }

    private static XElement TestCase(CaseResult r)
    {
        var tc = new XElement("testcase",
            new XAttribute("name", Clean(r.CaseId)),
            new XAttribute("classname", ClassName(r.Section)),
            new XAttribute("time", Seconds(r.Duration)));
        string message = Clean(SafeText.FirstLine(r.Actual, 300));
        switch (r.Verdict)
        {
            case Verdict.Fail:
                tc.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", r.Verdict.ToWire()), Details(r)));
                break;
            case Verdict.Error:
            case Verdict.Blocked:
                tc.Add(new XElement("error", new XAttribute("message", message), new XAttribute("type", r.Verdict.ToWire()), Details(r)));
                break;
            case Verdict.Skipped:
            case Verdict.Unsupported:
                tc.Add(new XElement("skipped", new XAttribute("message", Clean($"{r.Verdict.ToWire()}: {SafeText.FirstLine(r.Actual, 300)}"))));
                break;
        }
        tc.Add(new XElement("system-out", Details(r)));
        return tc;
    }

    private static XElement Finding(RunFinding f) =>
        new("testcase",
            new XAttribute("name", "sockspec/finding/" + RunFinding.KindName(f.Kind)),
            new XAttribute("classname", "sockspec.run"),
            new XAttribute("time", Seconds(f.At)),
            new XElement("failure",
                new XAttribute("message", Clean(SafeText.FirstLine(f.Message, 300))),
                new XAttribute("type", RunFinding.KindName(f.Kind)),
                Clean(f.Describe())));

    private static string Details(CaseResult r) => Clean(
        $"{r.Title}\n" +
        $"verdict: {r.Verdict.ToWire()}\n" +
        $"requirements: {string.Join(", ", r.Requirements)} ({r.Level.ToWire()}, {r.Section})\n" +
        $"expected: {r.Expected}\n" +
        $"actual: {r.Actual}\n" +
        $"rerun: {r.Reproducer}");

    /// <summary>Reporters group by the dotted class name: "RFC 1928 §4" becomes "sockspec.RFC_1928_s4".</summary>
    internal static string ClassName(string section)
    {
        var sb = new StringBuilder("sockspec");
        if (section.Length > 0) sb.Append('.');
        foreach (char c in section)
        {
            sb.Append(c switch
            {
                '§' => 's',
                _ when char.IsAsciiLetterOrDigit(c) => c,
                _ => '_',
            });
        }
        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Clean(string? s) => SafeText.ForXml(s);
}
