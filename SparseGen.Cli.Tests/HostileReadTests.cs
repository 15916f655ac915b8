using System.Text.Json.Nodes;

namespace SparseGen.Cli.Tests;

/// <summary>Grid and point files are read bounded, from regular files only, and point results are checked before they merge (issue 25).</summary>
public sealed class HostileReadTests
{
    private static (string Grid, string Out, string PointFile) FinishedPoint()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("reads").Replace("\"densities\": [0.1, 0.5]", "\"densities\": [0.2]").Replace("\"seeds\": [1, 2]", "\"seeds\": [1]"));
        string @out = Path.Combine(folder, "out");
        var run = Cli.Run("sweep", "point", grid, "--index", "0", "--out", @out);
        Assert.True(run.Code == 0, run.Error);
        return (grid, @out, Path.Combine(@out, "points", "point-0.json"));
    }

    private static void AssertCorrupt(string grid, string @out, string why)
    {
        var plan = Cli.Run("sweep", "plan", grid, "--out", @out);
        Assert.True(plan.Code == 0, plan.Error);
        Assert.Contains("    0  corrupt", plan.Output);
        Assert.Contains("point 0: corrupt: ", plan.Output);
        Assert.Contains(why, plan.Output);

        var merge = Cli.Run("sweep", "merge", grid, "--out", @out);
        Assert.Equal(1, merge.Code);
        Assert.Single(merge.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sparsegen: error: point 0 of reads is corrupt: ", merge.Error);
        Assert.Contains(why, merge.Error);
        Assert.False(File.Exists(Path.Combine(@out, "results.csv")));
    }

    [Fact]
    public void Point_files_that_are_devices_too_large_empty_truncated_or_garbage_are_corrupt_not_run_and_never_merged()
    {
        var (grid, @out, file) = FinishedPoint();
        string good = File.ReadAllText(file);

        File.Delete(file);
        File.CreateSymbolicLink(file, "/dev/zero");
        AssertCorrupt(grid, @out, "not a regular file");

        File.Delete(file);
        File.WriteAllText(file, good + new string(' ', 70_000));
        AssertCorrupt(grid, @out, "over 65536 bytes");

        File.WriteAllText(file, "");
        AssertCorrupt(grid, @out, "not a valid point file");

        File.WriteAllText(file, good[..(good.Length / 2)]);
        AssertCorrupt(grid, @out, "not a valid point file");

        File.WriteAllBytes(file, [0xff, 0xfe, 0x00, 0x41]);
        AssertCorrupt(grid, @out, "not UTF-8");
    }

    [Theory]
    [InlineData("test_accuracy", 5.0, "test_accuracy 5 is outside [0, 1]")]
    [InlineData("train_accuracy", -0.1, "train_accuracy -0.1 is outside [0, 1]")]
    [InlineData("test_loss", -1.0, "test_loss -1 is not a finite number of at least 0")]
    [InlineData("train_seconds", -3.0, "train_seconds -3 is not a finite number of at least 0")]
    public void Point_results_out_of_range_are_corrupt_and_refused_by_merge(string key, double value, string why)
    {
        var (grid, @out, file) = FinishedPoint();
        JsonNode node = JsonNode.Parse(File.ReadAllText(file))!;
        node["result"]![key] = value;
        File.WriteAllText(file, node.ToJsonString());
        AssertCorrupt(grid, @out, why);
    }

    [Fact]
    public void A_grid_file_that_is_a_device_or_over_1_MiB_is_refused_in_one_line_with_exit_2()
    {
        string folder = Cli.TempFolder();
        string link = Path.Combine(folder, "zero.json");
        File.CreateSymbolicLink(link, "/dev/zero");
        var zero = Cli.Run("sweep", "plan", link);
        Assert.Equal(2, zero.Code);
        Assert.Equal($"sparsegen: grid file {link} is not a regular file (a device, FIFO, socket or folder); refused.", zero.Error.Trim());

        string big = Cli.Grid(folder, Cli.TinyGrid("big") + new string(' ', 1 << 20), "big.json");
        var large = Cli.Run("sweep", "plan", big);
        Assert.Equal(2, large.Code);
        Assert.Equal($"sparsegen: grid file {big} is over 1048576 bytes; refused.", large.Error.Trim());
    }
}
