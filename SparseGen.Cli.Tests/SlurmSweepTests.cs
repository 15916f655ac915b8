using System.Diagnostics;

namespace SparseGen.Cli.Tests;

/// <summary>A fact that needs a Slurm cluster with a usable node (.ci/slurm-start makes one); skipped with the reason where there is none.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Slurm.Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }
}

internal static class Slurm
{
    /// <summary>Why Slurm cannot run jobs here, or null when sinfo shows an idle or partly used node.</summary>
    public static string? Unavailable()
    {
        var (code, output) = Command("sinfo", "-h", "-o", "%t");
        if (code is null)
        {
            return "Slurm is not installed (no sinfo on PATH); .ci/slurm-start installs and starts a one-node cluster.";
        }

        string[] states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return states.Any(s => s.TrimEnd('*') is "idle" or "mix" or "alloc")
            ? null
            : $"Slurm has no usable node (sinfo exit {code}, states '{string.Join(' ', states)}'); .ci/slurm-start starts one.";
    }

    /// <summary>Runs a command for at most 30 s; a null code when it cannot be started.</summary>
    public static (int? Code, string Output) Command(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            return process.WaitForExit(30_000) ? (process.ExitCode, output) : (-1, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, string.Empty);
        }
    }
}

public sealed class SlurmSweepTests
{
    [SlurmFact]
    public void A_sweep_submitted_as_a_job_array_runs_every_point_and_merges()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("slurm-ci"));
        string @out = Path.Combine(folder, "out");
        var (code, output, error) = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(code == 0, error);
        string job = output.Split("submitted job ")[1].Split(';')[0];

        string[] results = Enumerable.Range(0, 4).Select(i => Path.Combine(@out, "points", $"point-{i}.json")).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5) && !results.All(File.Exists))
        {
            var (_, queue) = Slurm.Command("squeue", "-h", "-j", job);
            if (string.IsNullOrWhiteSpace(queue) && clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                break; // the job has left the queue
            }

            System.Threading.Thread.Sleep(500);
        }

        if (!results.All(File.Exists))
        {
            Slurm.Command("scancel", job);
            string logs = string.Join("\n", Directory.GetFiles(Path.Combine(@out, "logs")).Select(f => $"{f}:\n{File.ReadAllText(f)}"));
            Assert.Fail($"job {job} finished {results.Count(File.Exists)} of 4 points in {clock.Elapsed.TotalSeconds:F0} s.\n{logs}");
        }

        var merged = Cli.Run("sweep", "merge", grid, "--out", @out);
        Assert.True(merged.Code == 0, merged.Error);
        string[] rows = File.ReadAllLines(Path.Combine(@out, "results.csv"));
        Assert.Equal(5, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.InRange(double.Parse(r.Split(',')[9], System.Globalization.CultureInfo.InvariantCulture), 0.0, 1.0));
        Assert.All(Enumerable.Range(0, 4), i => Assert.Contains($"point {i} of slurm-ci", File.ReadAllText(Path.Combine(@out, "logs", $"point-{i}.log"))));
    }

    [SlurmFact]
    public void Two_submits_one_after_the_other_run_each_point_once()
    {
        string folder = Cli.TempFolder();
        string grid = Cli.Grid(folder, Cli.TinyGrid("slurm-twice"));
        string @out = Path.Combine(folder, "out");
        var first = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(first.Code == 0, first.Error);
        var second = Cli.Run("sweep", "submit", grid, "--slurm", "--out", @out);
        Assert.True(second.Code == 0, second.Error);
        string[] jobs = new[] { first.Output, second.Output }.Where(o => o.Contains("submitted job ", StringComparison.Ordinal))
            .Select(o => o.Split("submitted job ")[1].Split(';')[0]).ToArray();

        string[] results = Enumerable.Range(0, 4).Select(i => Path.Combine(@out, "points", $"point-{i}.json")).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5) && jobs.Any(j => !string.IsNullOrWhiteSpace(Slurm.Command("squeue", "-h", "-j", j).Output)))
        {
            System.Threading.Thread.Sleep(500);
        }

        foreach (string job in jobs)
        {
            Slurm.Command("scancel", job);
        }

        Assert.All(results, r => Assert.True(File.Exists(r), $"{r} is missing"));
        Assert.All(Enumerable.Range(0, 4), i => Assert.Single(File.ReadAllLines(Path.Combine(@out, "logs", $"point-{i}.log")), l => l.StartsWith($"point {i} of slurm-twice", StringComparison.Ordinal)));
    }
}
