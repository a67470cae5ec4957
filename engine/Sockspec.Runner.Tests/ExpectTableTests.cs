using Sockspec.Model;
using Sockspec.Runner.Running;

namespace Sockspec.Runner.Tests;

public sealed class ExpectTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sockspec-expect-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path_(string name = "t.tsv") => Path.Combine(_dir, name);

    private static CaseResult R(string id, Verdict v) =>
        new(id, ["S5-REQ-01"], RequirementLevel.Specified, "§4", "t", v, "", "", TimeSpan.Zero, [], "");

    [Fact]
    public void Columns_are_written_side_by_side_and_each_is_read_back_by_its_target()
    {
        var path = Path_();
        ExpectFile.Write(path, "a", [R("x/2", Verdict.Fail), R("x/1", Verdict.Pass)], wholeSuite: true);
        ExpectFile.Write(path, "b", [R("x/1", Verdict.Unsupported), R("x/3", Verdict.Blocked)], wholeSuite: true);
        Assert.Equal("case\ta\tb\nx/1\tpass\tunsupported\nx/2\tfail\t-\nx/3\t-\tblocked\n", File.ReadAllText(path));
        Assert.Equal(new Dictionary<string, Verdict> { ["x/1"] = Verdict.Pass, ["x/2"] = Verdict.Fail }, ExpectFile.Read(path, "a"));
        Assert.Equal(new Dictionary<string, Verdict> { ["x/1"] = Verdict.Unsupported, ["x/3"] = Verdict.Blocked }, ExpectFile.Read(path, "b"));
        Assert.Equal(["a", "b"], ExpectTable.Columns(path));
    }

    [Fact]
    public void Rewriting_a_column_keeps_the_others_and_the_comments_and_drops_rows_no_target_pins()
    {
        var path = Path_();
        File.WriteAllText(path, "# why this file exists\ncase\ta\tb\nold\tpass\t-\nx/1\tpass\tfail\n");
        ExpectFile.Write(path, "a", [R("x/1", Verdict.NonStrict), R("new", Verdict.Pass)], wholeSuite: true);
        Assert.Equal("# why this file exists\ncase\ta\tb\nnew\tpass\t-\nx/1\tnon-strict\tfail\n", File.ReadAllText(path));
        // A narrowed run (--cases) changes only the cells it ran.
        ExpectFile.Write(path, "b", [R("new", Verdict.Skipped)], wholeSuite: false);
        Assert.Equal(Verdict.Fail, ExpectFile.Read(path, "b")["x/1"]);
        Assert.Equal(Verdict.Skipped, ExpectFile.Read(path, "b")["new"]);
    }

    [Fact]
    public void A_new_case_in_a_pinned_column_is_a_difference_so_a_new_row_is_needed()
    {
        var path = Path_();
        File.WriteAllText(path, "case\ta\nx/1\tpass\n");
        var diffs = ExpectFile.Compare(ExpectFile.Read(path, "a"), [R("x/1", Verdict.Pass), R("x/2", Verdict.Pass)], wholeSuite: true);
        Assert.Equal(["x/2: not in the expected-results file, got pass"], diffs);
    }

    [Theory]
    [InlineData("x/1\tpass\n", "header must be 'case'")]
    [InlineData("case\ta\ta\nx/1\tpass\tpass\n", "column 'a' appears twice")]
    [InlineData("case\ta\nx/1\tpass\tfail\n", "2 verdicts for 1 columns")]
    [InlineData("case\ta\nx/1\tgreat\n", "'great' is not a verdict")]
    [InlineData("case\ta\nx/1\tpass\nx/1\tfail\n", "x/1 listed twice")]
    [InlineData("# only a comment\n", "no header line")]
    public void A_malformed_table_is_a_format_error_naming_the_line(string text, string expected)
    {
        var path = Path_();
        File.WriteAllText(path, text);
        var e = Assert.Throws<FormatException>(() => ExpectFile.Read(path, "a"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_names_the_columns_there_are_and_a_table_is_not_read_as_one_targets_file()
    {
        var path = Path_();
        File.WriteAllText(path, "case\ta\tb\nx/1\tpass\tpass\n");
        Assert.Contains("no column 'c' (the columns are: a, b)", Assert.Throws<FormatException>(() => ExpectFile.Read(path, "c")).Message, StringComparison.Ordinal);
        Assert.Contains("is a table", Assert.Throws<FormatException>(() => ExpectFile.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_expect_file_is_still_one_targets_lines_whatever_the_target_is_called()
    {
        var path = Path_("one.expect");
        ExpectFile.Write(path, "anything", [R("x/1", Verdict.Fail)], wholeSuite: true);
        Assert.Equal("x/1 fail\n", File.ReadAllText(path));
        Assert.Equal(Verdict.Fail, ExpectFile.Read(path, "other")["x/1"]);
    }
}
