using SparseGen.Cli.Sweep;

namespace SparseGen.Cli.Tests;

public sealed class GridTests
{
    [Fact]
    public void Points_are_numbered_in_nesting_order_with_dense_and_deterministic_patterns_run_once_per_seed()
    {
        string folder = Cli.TempFolder();
        Grid grid = Grid.Load(Cli.Grid(folder, """
            {
              "name": "order",
              "datasets": [{ "name": "a", "path": "data-a" }],
              "hidden": [[20], [30, 10]],
              "patterns": ["Uniform", "Dense", "RegularRotating"],
              "densities": [0.1, 0.5],
              "seeds": [1, 2],
              "topology_seeds": [42, "per-run"],
            }
            """));

        // per network: Uniform 2 densities x 2 topology modes x 2 seeds, Dense 1 x 1 x 2, RegularRotating 2 x 1 x 2.
        Assert.Equal(2 * (8 + 2 + 4), grid.Points.Count);
        Assert.Equal(Enumerable.Range(0, grid.Points.Count), grid.Points.Select(p => p.Index));
        SweepPoint[] first = grid.Points.Take(4).ToArray();
        Assert.All(first, p => Assert.Equal((ConnectivityPattern.Uniform, 0.1, "20"), (p.Pattern, p.Density, p.HiddenText)));
        Assert.Equal([("fixed", 42UL, 1UL), ("fixed", 42UL, 2UL), (Grid.PerRun, 1UL, 1UL), (Grid.PerRun, 2UL, 2UL)], first.Select(p => (p.Topology, p.TopologySeed, p.Seed)));
        Assert.All(grid.Points.Where(p => p.Pattern == ConnectivityPattern.Dense), p => Assert.Equal(1.0, p.Density));
        Assert.All(grid.Points.Where(p => p.Pattern != ConnectivityPattern.Uniform), p => Assert.Equal("fixed", p.Topology));
        Assert.Equal(Path.Combine(folder, "data-a"), grid.Points[0].Data);
        Assert.Null(Grid.Load(Cli.Grid(folder, """{ "name": "shipped", "densities": [0.1] }""", "shipped.json")).Points[0].Data); // the tool's own subset, wherever it is installed
        Assert.Equal(new[] { 30, 10 }, grid.Points[^1].Hidden);
        Assert.Equal(Grid.Load(grid.Path).Points.Select(p => p.ToString()), grid.Points.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("""{ "name": "g", "densities": [0.1, 1.5] }""", "densities[1] = 1.5 is outside (0, 1]")]
    [InlineData("""{ "name": "g", "densities": [0.1], "learning_rate": 0.1 }""", "learning_rate")]
    [InlineData("""{ "name": "g", "densities": [0.1], "patterns": ["Uniform", "Hexagonal"] }""", "$.patterns[1]")]
    [InlineData("""{ "name": "g", "densities": [0.1], "topology_seeds": ["new"] }""", "each entry must be a seed")]
    [InlineData("""{ "name": "g", "densities": [0.1], "seeds": [] }""", "seeds is empty")]
    [InlineData("""{ "name": "g/h", "densities": [0.1] }""", "name 'g/h'")]
    [InlineData("""{ "name": "g", "densities": [0.1], "optimizer": { "name": "rmsprop" } }""", "optimizer 'rmsprop' is not known")]
    [InlineData("""{ "name": "g", "densities": [0.1], "slurm": { "time": "ten minutes" } }""", "slurm.time 'ten minutes'")]
    [InlineData("""{ "name": "g", "densities": [0.1], "slurm": { "extra": ["--account=lab; rm -rf /"] } }""", "slurm.extra")]
    [InlineData("""{ "name": "g", "densities": [0.1], "hidden": [[250, 0]] }""", "hidden must list")]
    [InlineData("""{ "name": "g", "densities": 0.1 }""", "densities")]
    [InlineData("""{ "name": "g", "densities": [0.1], "hidden": null }""", "must not be null")]
    [InlineData("""{ "name": "g", "densities": [0.1], "datasets": [null] }""", "must not be null")]
    [InlineData("""{ "name": "g", "densities": [0.1], "slurm": { "time": null } }""", "slurm.time")]
    [InlineData("""[1, 2]""", "$")]
    public void A_bad_grid_is_refused_naming_the_file_and_the_value(string json, string expected)
    {
        string path = Cli.Grid(Cli.TempFolder(), json);
        var e = Assert.Throws<UsageException>(() => Grid.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Array_specs_collapse_runs()
    {
        Assert.Equal("0-3,7,9-10", SlurmJob.ArraySpec([9, 0, 1, 2, 3, 7, 10]));
        Assert.Equal("5", SlurmJob.ArraySpec([5]));
    }
}
