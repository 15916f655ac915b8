using System.Threading.Tasks;
using System.Diagnostics;

namespace SparseGen.Cli.Tests;

/// <summary>SIGINT stops the tool's work cleanly, with exit code 130 (docs/guarantees.md).</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Sigint_stops_train_after_the_current_batch_with_exit_code_130()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "sparsegen.dll"), "train", "--epochs", "300", "--train-samples", "2000", "--test-samples", "200", "--hidden", "32", "--threads", "1" })
        {
            start.ArgumentList.Add(a);
        }

        using Process tool = Process.Start(start)!;
        Task<string> error = tool.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (tool.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("epoch   2/300", StringComparison.Ordinal))
            {
                using Process kill = Process.Start("kill", ["-INT", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit();
            }
        }

        Assert.True(tool.WaitForExit(60_000), "the tool did not stop within 60 s of SIGINT");
        string errors = await error;
        Assert.True(tool.ExitCode == 130, $"exit {tool.ExitCode}: {errors}");
        Assert.InRange(lines.Count(l => l.StartsWith("epoch ", StringComparison.Ordinal)), 2, 20);
        Assert.Contains("interrupted", errors);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Sigint_stops_sweep_run_and_its_point_process_marks_the_point_abandoned_starts_no_more_with_exit_code_130()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        string grid = Cli.LongGrid(folder, "interrupted");
        string @out = Path.Combine(folder, "out");
        using Process tool = Tool.Start("sweep", "run", grid, "--out", @out, "--workers", "1");
        Task<string> error = tool.StandardError.ReadToEndAsync();
        Task<string> output = tool.StandardOutput.ReadToEndAsync();
        try
        {
            await Tool.WaitForText(Path.Combine(@out, "logs", "point-0.log"), "point 0 of");
            await Task.Delay(1500); // into training
            Tool.Signal(tool.Id, "INT"); // the runner alone, not its process group: it must stop its children itself
            Assert.True(tool.WaitForExit(30_000), "sweep run did not stop within 30 s of SIGINT");
            string errors = await error;
            Assert.True(tool.ExitCode == 130, $"exit {tool.ExitCode}: {errors}");
            Assert.Contains("interrupted", errors);
            Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(Path.Combine(@out, "points", "point-0.json")));
            Assert.True(File.Exists(Path.Combine(@out, "points", "point-0.abandoned.json")));
            Assert.False(File.Exists(Path.Combine(@out, "logs", "point-1.log")), "a point started after SIGINT");
            Assert.Empty(Tool.ProcessesMentioning(@out));
            Assert.Contains("    0  abandoned", Cli.Run("sweep", "plan", grid, "--out", @out).Output);
        }
        finally
        {
            Tool.KillAll(tool, @out);
        }
    }

    [Fact]
    public async Task Sigint_stops_sweep_point_marks_it_abandoned_with_exit_code_130()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        string grid = Cli.LongGrid(folder, "interrupted-point");
        string @out = Path.Combine(folder, "out");
        using Process tool = Tool.Start("sweep", "point", grid, "--index", "2", "--out", @out);
        Task<string> error = tool.StandardError.ReadToEndAsync();
        try
        {
            Assert.StartsWith("point 2 of", tool.StandardOutput.ReadLine());
            await Task.Delay(1500);
            Tool.Signal(tool.Id, "TERM");
            Assert.True(tool.WaitForExit(30_000), "sweep point did not stop within 30 s of SIGTERM");
            string errors = await error;
            Assert.True(tool.ExitCode == 130, $"exit {tool.ExitCode}: {errors}");
            Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(File.Exists(Path.Combine(@out, "points", "point-2.json")));
            Assert.False(File.Exists(Path.Combine(@out, "points", "point-2.failed.json")));
            Assert.True(File.Exists(Path.Combine(@out, "points", "point-2.abandoned.json")));
        }
        finally
        {
            Tool.KillAll(tool, @out);
        }
    }

    [Fact]
    public async Task Sigkill_to_sweep_run_stops_its_point_process_within_seconds_and_marks_the_point_abandoned()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string folder = Cli.TempFolder();
        string grid = Cli.LongGrid(folder, "orphaned");
        string @out = Path.Combine(folder, "out");
        using Process tool = Tool.Start("sweep", "run", grid, "--out", @out, "--workers", "1");
        _ = tool.StandardError.ReadToEndAsync();
        _ = tool.StandardOutput.ReadToEndAsync();
        try
        {
            await Tool.WaitForText(Path.Combine(@out, "logs", "point-0.log"), "point 0 of");
            await Task.Delay(1500); // into training
            Assert.Contains(Tool.ProcessesMentioning(@out), p => p != tool.Id);
            Tool.Signal(tool.Id, "KILL"); // no chance to stop its children itself
            Assert.True(tool.WaitForExit(10_000));
            var clock = Stopwatch.StartNew();
            while (Tool.ProcessesMentioning(@out).Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(200);
            }

            Assert.True(Tool.ProcessesMentioning(@out).Length == 0, $"the point process still runs {clock.Elapsed.TotalSeconds:F0} s after its sweep run was killed");
            Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
            Assert.False(File.Exists(Path.Combine(@out, "points", "point-0.json")));
            Assert.True(File.Exists(Path.Combine(@out, "points", "point-0.abandoned.json")));
            Assert.Contains("ended before it finished", File.ReadAllText(Path.Combine(@out, "points", "point-0.abandoned.json")));
            Assert.Contains("    0  abandoned", Cli.Run("sweep", "plan", grid, "--out", @out).Output);
        }
        finally
        {
            Tool.KillAll(tool, @out);
        }
    }
}
