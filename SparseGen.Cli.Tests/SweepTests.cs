using System.Xml.Linq;

namespace SparseGen.Cli.Tests;

public sealed class SweepTests
{
    [Fact]
    public void Run_merges_and_a_failed_point_is_reported_retried_alone_and_merged_once_fixed()
    {
        string folder = Cli.TempFolder();
        string broken = Path.Combine(folder, "broken");
        Directory.CreateDirectory(broken);
        foreach (string file in Directory.GetFiles(Cli.Mnist, "*.gz"))
        {
            File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        }

        File.WriteAllBytes(Path.Combine(broken, "test-labels-idx1-ubyte.gz"), [1, 2, 3]);
        string grid = Cli.Grid(folder, Cli.TinyGrid("failing", $$"""
            [{ "name": "mnist", "train_samples": 300, "test_samples": 200 }, { "name": "broken", "path": "broken", "train_samples": 300, "test_samples": 200 }]
            """).Replace("\"densities\": [0.1, 0.5]", "\"densities\": [0.2]").Replace("\"seeds\": [1, 2]", "\"seeds\": [1]"));
        string @out = Path.Combine(folder, "out");

        var (code, output, error) = Cli.Run("sweep", "run", grid, "--workers", "2", "--out", @out);
        Assert.Equal(1, code);
        Assert.Contains("1 finished, 1 failed", output);
        Assert.Contains("point 1 (broken", error);
        Assert.Contains(Path.Combine(@out, "logs", "point-1.log"), error);
        Assert.Contains("test-labels-idx1-ubyte.gz", File.ReadAllText(Path.Combine(@out, "logs", "point-1.log")));

        var merged = Cli.Run("sweep", "merge", grid, "--out", @out);
        Assert.Equal(1, merged.Code);
        Assert.Contains("point 1 (broken", merged.Error);
        Assert.Contains("point-1.log", merged.Error);
        Assert.Contains("merged 1 of 2 points", merged.Output);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(@out, "results.csv")).Length);

        DateTime finished = File.GetLastWriteTimeUtc(Path.Combine(@out, "points", "point-0.json"));
        File.Copy(Path.Combine(Cli.Mnist, "test-labels-idx1-ubyte.gz"), Path.Combine(broken, "test-labels-idx1-ubyte.gz"), overwrite: true);
        var rerun = Cli.Run("sweep", "run", grid, "--workers", "2", "--out", @out);
        Assert.True(rerun.Code == 0, rerun.Error);
        Assert.Contains("1 already finished, running 1", rerun.Output);
        Assert.Equal(finished, File.GetLastWriteTimeUtc(Path.Combine(@out, "points", "point-0.json")));
        Assert.False(File.Exists(Path.Combine(@out, "points", "point-1.failed.json")));

        string plots = Path.Combine(folder, "plots");
        var all = Cli.Run("sweep", "merge", grid, "--out", @out, "--plots", plots, "--topology-metrics");
        Assert.True(all.Code == 0, all.Error);
        string[] rows = File.ReadAllLines(Path.Combine(@out, "results.csv"));
        Assert.Equal(3, rows.Length);
        Assert.EndsWith("algebraic_connectivity,scatter", rows[0]);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(@out, "summary.csv")).Length); // header, mnist, broken
        Assert.True(File.Exists(Path.Combine(plots, "failing-broken-h32-test_accuracy-vs-scatter.svg")));
        string svg = Path.Combine(plots, "failing-mnist-h32-test_accuracy.svg");
        Assert.Contains(XDocument.Load(svg).Descendants(), e => e.Value == "Uniform");

        // A layer wider than --spectral-limit (inputs + units nodes) has its algebraic connectivity written as skipped, as explore skips it.
        var narrow = Cli.Run("sweep", "merge", grid, "--out", @out, "--plots", plots, "--topology-metrics", "--spectral-limit", "10");
        Assert.True(narrow.Code == 0, narrow.Error);
        Assert.Contains("nodes exceed --spectral-limit 10", narrow.Output);
        Assert.All(File.ReadAllLines(Path.Combine(@out, "results.csv")).Skip(1), row => Assert.Matches(",skipped,[0-9.E-]+$", row));
    }

    [Fact]
    public void Submit_dry_run_writes_a_job_array_of_the_unfinished_points()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("array"));
        string @out = Path.Combine(folder, "out");
        var (code, output, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
        Assert.True(code == 0, error);
        string script = File.ReadAllText(Path.Combine(@out, "slurm", "array.sbatch"));
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("#SBATCH --time=\"00:05:00\"\n", script);
        Assert.Contains("#SBATCH --mem=\"1G\"\n", script);
        Assert.Contains($"#SBATCH --output=\"{Path.Combine(@out, "logs")}/point-%a.log\"\n", script);
        Assert.Contains("'sweep' 'point' '" + grid + "' '--index' \"$SLURM_ARRAY_TASK_ID\" '--out' '" + @out + "'", script);
        Assert.Contains("0-3", output);

        var point = Cli.Run("sweep", "point", grid, "--index", "1", "--out", @out);
        Assert.True(point.Code == 0, point.Error);
        Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
        Assert.Contains("#SBATCH --array=0,2-3\n", File.ReadAllText(Path.Combine(@out, "slurm", "array.sbatch")));
        Assert.Contains("already finished", Cli.Run("sweep", "point", grid, "--index", "1", "--out", @out).Output);
        Assert.Contains("    1  done", Cli.Run("sweep", "plan", grid, "--out", @out).Output);
    }
}
