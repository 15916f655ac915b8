using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace SparseGen.Cli.Tests;

/// <summary>One sweep folder, one runner; one point, one process (docs/guarantees.md).</summary>
public sealed class SweepLockTests
{
    [Fact]
    public async Task A_second_run_submit_or_point_on_a_busy_sweep_is_refused_in_one_line_naming_the_folder_and_the_holder()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        string grid = Cli.LongGrid(folder, "locked");
        string @out = Path.Combine(folder, "out");
        using Process tool = Tool.Start("sweep", "run", grid, "--out", @out, "--workers", "1");
        try
        {
            await Tool.WaitForText(Path.Combine(@out, "logs", "point-0.log"), "point 0 of");
            string holder = $"process {tool.Id.ToString(CultureInfo.InvariantCulture)} ";
            foreach (string[] second in new[]
            {
                new[] { "sweep", "run", grid, "--out", @out },
                new[] { "sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out },
            })
            {
                var (code, _, error) = RunBriefly(second);
                Assert.True(code == 1, $"{string.Join(' ', second)}: exit {code}: {error}");
                Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("sparsegen: ", error);
                Assert.Contains(@out, error);
                Assert.Contains(holder, error);
            }

            Assert.False(File.Exists(Path.Combine(@out, "slurm", "locked.sbatch")));

            // Point 0 runs in the runner's child process; an array task for the same index must not run it again.
            var point = RunBriefly("sweep", "point", grid, "--index", "0", "--out", @out);
            Assert.True(point.Code == 1, $"exit {point.Code}: {point.Error}");
            Assert.Contains("point 0 of", point.Error);
            Assert.Contains("already running", point.Error);
            Assert.Single(point.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            // The operating system releases the lock of a killed process: no stale lock.
            Tool.KillAll(tool, @out);
            Assert.True(tool.WaitForExit(30_000));
            var after = Cli.Run("sweep", "submit", grid, "--slurm", "--dry-run", "--out", @out);
            Assert.True(after.Code == 0, after.Error);
        }
        finally
        {
            Tool.KillAll(tool, @out);
        }
    }

    /// <summary>Runs in this process; before the locks, the second command would train: it is interrupted after 5 s.</summary>
    private static (int Code, string Output, string Error) RunBriefly(params string[] args)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SparseGenCli.Run(args, output, error, stop.Token);
        return (code, output.ToString(), error.ToString());
    }
}
