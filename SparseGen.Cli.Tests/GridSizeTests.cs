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
    public void Plan_flags_each_point_whose_network_cannot_be_built_and_run_and_submit_refuse_the_grid_before_any_work()
    {
        // 16 units at density 0.001 (RegularRotating) have no edge; 10^8 units hold a batch of 3.2 x 10^9 activations
        // at 0.001 and 7.84 x 10^9 edges at 0.1. Only 16 units at 0.1 can be built.
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("unbuildable").Replace("\"hidden\": [[32]]", "\"hidden\": [[16], [100000000]]")
            .Replace("\"Uniform\"", "\"RegularRotating\"").Replace("\"densities\": [0.1, 0.5]", "\"densities\": [0.001, 0.1]").Replace("\"seeds\": [1, 2]", "\"seeds\": [1]"));
        string @out = Path.Combine(folder, "out");

        var plan = Cli.Run("sweep", "plan", grid, "--out", @out);
        Assert.Equal(2, plan.Code);
        string[] lines = plan.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Matches("^sparsegen: point [0-9] \\(.*\\) cannot be built: ", l));
        Assert.Single(lines, l => l.Contains("no edge; raise --density above 0.0312"));
        Assert.Single(lines, l => l.Contains("a batch's activations of 32 x 100,000,000"));
        Assert.Single(lines, l => l.Contains("edges, more than a layer holds (2,147,483,591)"));

        foreach (string[] command in new[] { new[] { "sweep", "run", grid, "--out", @out }, ["sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out] })
        {
            var (code, output, error) = Cli.Run(command);
            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains("cannot be built", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Contains("(2 more points too; sweep plan lists them)", error);
            Assert.False(Directory.Exists(@out));
        }
    }

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
