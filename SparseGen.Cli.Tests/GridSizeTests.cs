using System.Diagnostics;

namespace SparseGen.Cli.Tests;

/// <summary>Sizes are checked before work: the points of a grid are counted before any is made, workers capped at the cores (issue 25).</summary>
public sealed class GridSizeTests
{
    private static string Grid(string folder, int networks, int densities, int seeds) => Cli.Grid(folder, $$"""
        {
          "name": "huge",
          "hidden": [{{string.Join(", ", Enumerable.Range(1, networks).Select(h => $"[{h}]"))}}],
          "densities": [{{string.Join(", ", Enumerable.Range(1, densities).Select(d => (d / (double)densities).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}}],
          "seeds": [{{string.Join(", ", Enumerable.Range(1, seeds))}}]
        }
        """);

    [Fact]
    public void A_grid_over_100000_points_is_refused_in_one_line_and_one_of_100000_is_not()
    {
        string folder = Cli.TempFolder();
        string over = Grid(folder, 1, 100, 1001);
        var (code, output, error) = Cli.Run("sweep", "plan", over);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"sparsegen: {over}: the grid has 100,100 points, over the 100,000 a grid may have; split it into several grids.", error.Trim());

        var at = Cli.Run("sweep", "plan", Grid(folder, 1, 100, 1000), "--json");
        Assert.True(at.Code == 0, at.Error);
    }

    [Fact]
    public void A_billion_point_grid_is_refused_without_making_its_points()
    {
        string grid = Grid(Cli.TempFolder(), 1000, 1000, 1000);
        var clock = Stopwatch.StartNew();
        var (code, _, error) = Cli.Run("sweep", "plan", grid);
        Assert.Equal(2, code);
        Assert.Contains("the grid has 1,000,000,000 points", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Workers_are_capped_at_the_processor_count()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("capped").Replace("\"densities\": [0.1, 0.5]", "\"densities\": [0.2]").Replace("\"seeds\": [1, 2]", "\"seeds\": [1]"));
        var (code, output, error) = Cli.Run("sweep", "run", grid, "--workers", "1000000", "--out", Path.Combine(folder, "out"));
        Assert.True(code == 0, error);
        Assert.Contains($"--workers 1000000 capped at {Environment.ProcessorCount}, the processor count.", output);
        Assert.Contains($"running 1 with {Environment.ProcessorCount} worker(s)", output);
    }
}
