namespace SparseGen.Cli.Tests;

/// <summary>A point that cannot write its result or its log fails alone; the run goes on (docs/guarantees.md).</summary>
public sealed class SweepFaultTests
{
    [Fact]
    public void A_point_whose_result_or_log_cannot_be_written_fails_alone_with_its_error_and_the_run_goes_on()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("faulty"));
        string @out = Path.Combine(folder, "out");

        // Faults of a full disk without filling one: a folder where point 1's result must go (its process cannot write
        // it) and one where point 2's log must go (the runner cannot write it).
        Directory.CreateDirectory(Path.Combine(@out, "points", "point-1.json"));
        Directory.CreateDirectory(Path.Combine(@out, "logs", "point-2.log"));

        var (code, output, error) = Cli.Run("sweep", "run", grid, "--workers", "1", "--out", @out);
        Assert.True(code == 1, $"exit {code}: {error}");
        Assert.DoesNotContain("AggregateException", error);
        Assert.DoesNotContain("internal error", error);
        Assert.Contains("2 finished, 2 failed", output);
        Assert.True(File.Exists(Path.Combine(@out, "points", "point-0.json")));
        Assert.True(File.Exists(Path.Combine(@out, "points", "point-3.json")), "the point after the faults never started");

        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("point 1 (", StringComparison.Ordinal) && l.Contains("point-1.json could not be written", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("point 2 (", StringComparison.Ordinal) && l.Contains("point-2.log", StringComparison.Ordinal));
        Assert.Contains("could not be written", File.ReadAllText(Path.Combine(@out, "points", "point-1.failed.json")));
        Assert.True(File.Exists(Path.Combine(@out, "points", "point-2.failed.json")));
        Assert.Contains("    1  failed", Cli.Run("sweep", "plan", grid, "--out", @out).Output);
    }
}
