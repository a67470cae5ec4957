using Sockspec.Bench;

namespace Sockspec.Bench.Tests;

public class BenchReportTests
{
    [Fact]
    public void The_report_has_a_row_per_path_and_ratios_against_the_best_peer_and_direct()
    {
        var text = BenchReport.Render(
        [
            new BenchResult("direct", 2000, 1000, 8000, double.NaN),
            new BenchResult("sockspec", 1000, 900, 4000, 3),
            new BenchResult("microsocks", 200, 100, 5000, 12),
            new BenchResult("dante", 500, 1200, 2000, 300),
        ]);
        Assert.Contains("| direct | 2000 | 1000 | 8000 | - |", text);
        Assert.Contains("| sockspec | 1000 | 900 | 4000 | 3.0 |", text);
        Assert.Contains("sockspec / best peer: download 2.00, upload 0.75, handshakes 0.80, memory per idle connection 0.25", text);
        Assert.Contains("sockspec / direct: download 0.50, upload 0.90, handshakes 0.50", text);
    }

    [Fact]
    public void A_bench_target_command_is_nine_bytes_mode_then_big_endian_count()
    {
        Assert.Equal([(byte)'D', 0, 0, 0, 0, 0x40, 0, 0, 0], BenchTarget.Command('D', 1L << 30));
    }
}
