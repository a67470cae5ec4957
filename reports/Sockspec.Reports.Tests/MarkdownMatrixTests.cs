using Sockspec.Model;

namespace Sockspec.Reports.Tests;

public sealed class MarkdownMatrixTests
{
    private static CaseResult Result(string id, Verdict v, string actual = "did something", string requirement = "S5-REQ-01") =>
        new(id, [requirement], RequirementLevel.Must, "RFC 1928 §4", "title of " + id, v, "pass", actual, TimeSpan.Zero, [], "sockspec run --cases " + id);

    private static TargetReport Report(string name, params CaseResult[] results) =>
        new(name, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2.5), results, []);

    [Fact]
    public void Each_fail_is_grouped_under_its_note_and_a_fail_no_note_covers_is_flagged_unchecked()
    {
        var notes = MatrixNotes.Parse(
        [
            "# comment",
            "dante-*\trfc1928/4/cmd-*\tdeviation\tbare FIN on an unknown CMD",
            "dante-*\trfc1928/5/*\tsuite\tthe grading is wrong here",
        ], "notes.tsv");
        var report = Report("dante-noauth",
            Result("rfc1928/4/cmd-00", Verdict.Fail), Result("rfc1928/4/cmd-ff", Verdict.Fail),
            Result("rfc1928/5/atyp-00", Verdict.Fail, requirement: "S5-ADDR-01"),
            Result("robustness/new", Verdict.Blocked, "a | pipe and\na new line"),
            Result("rfc1928/4/fine", Verdict.Pass), Result("rfc1928/4/choice", Verdict.NonStrict));
        var md = MarkdownMatrix.Render([new MatrixColumn("dante-noauth", "dante 1.4.2 | username", "container", report)],
            new MarkdownMatrixText("Title", "Intro.", notes, "Because."));

        Assert.Contains("| dante-noauth | dante 1.4.2 \\| username | container | 1 | 3 | 1 | 0 | 0 | 0 | 0 | 1 | 2.5 s |", md, StringComparison.Ordinal);
        Assert.Contains("- **Deviation** (2 cases; S5-REQ-01): bare FIN on an unknown CMD. Cases: `rfc1928/4/cmd-00`, `rfc1928/4/cmd-ff`", md, StringComparison.Ordinal);
        Assert.Contains("- **Suite** (1 case; S5-ADDR-01): the grading is wrong here. Cases: `rfc1928/5/atyp-00`", md, StringComparison.Ordinal);
        Assert.Contains("- **UNCHECKED** (1 case; S5-REQ-01): not checked by hand yet: a \\| pipe and a new line. Cases: `robustness/new`", md, StringComparison.Ordinal);
        Assert.Contains("`rfc1928/4/choice` (title of rfc1928/4/choice)", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("**Deviation**", StringComparison.Ordinal) < md.IndexOf("**Suite**", StringComparison.Ordinal));
        Assert.True(md.IndexOf("**Suite**", StringComparison.Ordinal) < md.IndexOf("**UNCHECKED**", StringComparison.Ordinal));
        Assert.EndsWith("## What changed since the previous publication\n\nBecause.\n\n", md.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_notes_every_failing_case_is_listed_with_what_it_did_and_a_target_that_did_not_run_says_so()
    {
        var ran = Report("curl", Result("client/a", Verdict.Fail, "sent 01 00 00"), Result("client/b", Verdict.Pass));
        var dead = new TargetReport("gone", DateTimeOffset.UnixEpoch, TimeSpan.Zero, [], ["[sockspec] target gone could not be run: no image"]);
        var md = MarkdownMatrix.Render([new MatrixColumn("curl", "curl 7", "command", ran), new MatrixColumn("gone", "x", "container", dead)],
            new MarkdownMatrixText("Clients", "Intro."));
        Assert.Contains("- **fail** `client/a` [S5-REQ-01]: sent 01 00 00", md, StringComparison.Ordinal);
        Assert.Contains("| gone | x | container | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | not run |", md, StringComparison.Ordinal);
        Assert.Contains("Not run: [sockspec] target gone could not be run: no image", md, StringComparison.Ordinal);
        Assert.DoesNotContain("What changed", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\tb\tdeviation", "4 tab-separated columns")]
    [InlineData("a\tb\tbug\ttext", "neither deviation nor suite")]
    public void A_bad_notes_line_is_a_format_error_naming_the_line(string line, string expected)
    {
        var e = Assert.Throws<FormatException>(() => MatrixNotes.Parse(["# ok", line], "notes.tsv"));
        Assert.Contains("notes.tsv:2", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_notes_file_parses() =>
        Assert.NotEmpty(MatrixNotes.Read(Path.Combine(AppContext.BaseDirectory, "reports", "notes.tsv")));
}
