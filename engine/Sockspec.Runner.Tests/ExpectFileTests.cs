using Sockspec.Model;
using Sockspec.Runner.Running;

namespace Sockspec.Runner.Tests;

public sealed class ExpectFileTests
{
    private static CaseResult R(string id, Verdict v) =>
        new(id, ["S5-REQ-01"], RequirementLevel.Specified, "§4", "t", v, "", "", TimeSpan.Zero, [], "");

    [Fact]
    public void Written_files_are_sorted_one_case_per_line_and_read_back_the_same()
    {
        var path = Path.GetTempFileName();
        try
        {
            ExpectFile.Write(path, [R("b/2", Verdict.Fail), R("a/1", Verdict.NonStrict)]);
            Assert.Equal("a/1 non-strict\nb/2 fail\n", File.ReadAllText(path));
            var read = ExpectFile.Read(path);
            Assert.Equal(Verdict.NonStrict, read["a/1"]);
            Assert.Equal(Verdict.Fail, read["b/2"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Blocked_is_written_and_read_back_and_differs_from_unsupported()
    {
        var path = Path.GetTempFileName();
        try
        {
            ExpectFile.Write(path, [R("c/3", Verdict.Blocked)]);
            Assert.Equal("c/3 blocked\n", File.ReadAllText(path));
            var read = ExpectFile.Read(path);
            Assert.Equal(Verdict.Blocked, read["c/3"]);
            Assert.Equal(["c/3: expected blocked, got unsupported"], ExpectFile.Compare(read, [R("c/3", Verdict.Unsupported)], wholeSuite: true));
            Assert.True(Verdict.Blocked.IsFailure());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void An_unexpected_pass_is_a_difference()
    {
        var diffs = ExpectFile.Compare(new Dictionary<string, Verdict> { ["a"] = Verdict.Fail }, [R("a", Verdict.Pass)], wholeSuite: true);
        Assert.Equal(["a: expected fail, got pass"], diffs);
    }

    [Fact]
    public void Matching_verdicts_give_no_difference()
    {
        Assert.Empty(ExpectFile.Compare(new Dictionary<string, Verdict> { ["a"] = Verdict.Pass }, [R("a", Verdict.Pass)], wholeSuite: true));
    }

    [Fact]
    public void A_case_missing_from_the_file_and_a_stale_entry_are_differences_on_a_whole_run_only()
    {
        var expected = new Dictionary<string, Verdict> { ["gone"] = Verdict.Pass };
        var whole = ExpectFile.Compare(expected, [R("new", Verdict.Pass)], wholeSuite: true);
        Assert.Equal(2, whole.Count);
        var narrowed = ExpectFile.Compare(expected, [R("new", Verdict.Pass)], wholeSuite: false);
        Assert.Single(narrowed);
    }

    [Fact]
    public void A_malformed_line_is_rejected_with_its_line_number()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# comment\na pass\nb maybe\n");
            var e = Assert.Throws<FormatException>(() => ExpectFile.Read(path));
            Assert.Contains(":3:", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
