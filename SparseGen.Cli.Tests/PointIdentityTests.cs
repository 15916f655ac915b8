namespace SparseGen.Cli.Tests;

/// <summary>A finished point stays finished wherever its sweep folder and data are (docs/guarantees.md).</summary>
public sealed class PointIdentityTests
{
    [Fact]
    public void A_moved_sweep_folder_with_its_data_keeps_its_finished_points()
    {
        string root = Cli.TempFolder();
        string before = Path.Combine(root, "before");
        string data = Path.Combine(before, "digits");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Cli.Mnist, "*.gz"))
        {
            File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        }

        Cli.Grid(before, Cli.TinyGrid("moved", """[{ "name": "digits", "path": "digits", "train_samples": 300, "test_samples": 200 }]""")
            .Replace("\"densities\": [0.1, 0.5]", "\"densities\": [0.2]").Replace("\"seeds\": [1, 2]", "\"seeds\": [1]"));
        var (code, _, error) = Cli.Run("sweep", "run", Path.Combine(before, "grid.json"), "--out", Path.Combine(before, "out"));
        Assert.True(code == 0, error);

        // Another machine, another folder: the grid, its data and its results moved together.
        string after = Path.Combine(root, "after");
        Directory.Move(before, after);
        string grid = Path.Combine(after, "grid.json");
        string @out = Path.Combine(after, "out");
        Assert.Contains("    0  done", Cli.Run("sweep", "plan", grid, "--out", @out).Output);
        var rerun = Cli.Run("sweep", "run", grid, "--out", @out);
        Assert.True(rerun.Code == 0, rerun.Error);
        Assert.Contains("1 already finished, running 0", rerun.Output);
        var merged = Cli.Run("sweep", "merge", grid, "--out", @out);
        Assert.True(merged.Code == 0, merged.Error);
        Assert.Contains("merged 1 of 1 points", merged.Output);
    }
}
