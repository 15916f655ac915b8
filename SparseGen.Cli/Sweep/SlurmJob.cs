using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using SparseGen.CommandLine;
using SparseGen.IO;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// A Slurm job array for the unfinished points of a grid: one array task per point
/// (<c>--array=0-(n-1)</c> the first time, only the unfinished indices on a rerun), each calling
/// <c>sparsegen sweep point GRID --index $SLURM_ARRAY_TASK_ID</c> with the grid's resources and time limit and
/// its own log, <c>logs/point-%a.log</c>.
/// </summary>
internal static class SlurmJob
{
    /// <summary>The script's path in the sweep's output folder.</summary>
    public static string ScriptPath(Grid grid, PointStore store) => Path.Combine(store.Folder, "slurm", $"{grid.Name}.sbatch");

    /// <summary>The sbatch script for <paramref name="indices"/> (at least one).</summary>
    public static string Script(Grid grid, PointStore store, IReadOnlyList<int> indices, string device = "cpu")
    {
        SlurmSettings s = grid.Slurm;
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append("# Written by `sparsegen sweep submit --slurm`: one array task per unfinished point of the grid below.\n");
        text.Append(CultureInfo.InvariantCulture, $"# Grid: {BatchScript.ShellWord(grid.Path, "grid path")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={BatchScript.SbatchValue($"sparsegen-{grid.Name}", "grid name")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={ArraySpec(indices)}{(s.MaxParallel is int m ? $"%{m}" : string.Empty)}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={BatchScript.SbatchFilePattern(store.LogsFolder, "point-%a.log", "--out")}\n");
        text.Append("#SBATCH --open-mode=append\n"); // a task run again (a resubmitted index) adds to its point's log, never truncates it
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={BatchScript.SbatchValue(s.Time, "slurm.time")}\n");
        text.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={s.CpusPerTask}\n");
        if (s.Mem is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={BatchScript.SbatchValue(s.Mem, "slurm.mem")}\n");
        }

        if (s.Partition is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={BatchScript.SbatchValue(s.Partition, "slurm.partition")}\n");
        }

        foreach (string extra in s.Extra ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"#SBATCH {BatchScript.SbatchValue(extra, "slurm.extra")}\n");
        }

        text.Append("set -euo pipefail\n");
        IEnumerable<string> command = Launcher.Command().Select(w => BatchScript.ShellWord(w, "the sparsegen program path"))
            .Concat(new[] { "'sweep'", "'point'", BatchScript.ShellWord(grid.Path, "grid path"), "'--index'", "\"$SLURM_ARRAY_TASK_ID\"", "'--out'", BatchScript.ShellWord(store.Folder, "--out"),
                "'--threads'", BatchScript.ShellWord(s.CpusPerTask.ToString(CultureInfo.InvariantCulture), "slurm.cpus_per_task") })
            .Concat(device == "cpu" ? [] : ["'--device'", BatchScript.ShellWord(device, "--device")]);
        text.Append("exec ").Append(string.Join(' ', command)).Append('\n');
        return text.ToString();
    }

    /// <summary>Indices as sbatch's <c>--array</c> takes them, runs collapsed: <c>0-3,7,9-10</c>.</summary>
    public static string ArraySpec(IReadOnlyList<int> indices)
    {
        var parts = new List<string>();
        int[] sorted = indices.Order().ToArray();
        for (int a = 0; a < sorted.Length;)
        {
            int b = a;
            while (b + 1 < sorted.Length && sorted[b + 1] == sorted[b] + 1)
            {
                b++;
            }

            parts.Add(a == b ? sorted[a].ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{sorted[a]}-{sorted[b]}"));
            a = b + 1;
        }

        return string.Join(',', parts);
    }

    /// <summary>Checks that every value the script would hold can be written into it, before any folder is created.</summary>
    /// <exception cref="UsageException">A value holds a line break or NUL; the message names it.</exception>
    public static void Check(Grid grid, PointStore store) => Script(grid, store, grid.Points.Select(p => p.Index).ToArray());

    /// <summary>
    /// Writes the script and, unless <paramref name="dryRun"/>, submits it with <c>sbatch --parsable</c> and records the
    /// job (<see cref="SlurmRecord"/>). Indices that a recorded job still has pending or running in Slurm are left out,
    /// unless <paramref name="resubmit"/>; when Slurm cannot be asked about a recorded job, nothing is submitted.
    /// </summary>
    /// <returns>0, or <see cref="ExitCodes.Failure"/> when sbatch is missing or refuses the job, or Slurm cannot be asked about a recorded job.</returns>
    public static int Submit(Grid grid, PointStore store, bool dryRun, TextWriter output, TextWriter error, string device = "cpu", bool resubmit = false)
    {
        store.Create();
        int[] unfinished = grid.Points.Where(p => store.Status(p) != PointStatus.Done).Select(p => p.Index).ToArray();
        if (unfinished.Length == 0)
        {
            output.WriteLine($"{grid.Name}: all {grid.Points.Count} points are finished; nothing to submit. Merge them with `sparsegen sweep merge`.");
            return 0;
        }

        // The jobs of earlier submits that Slurm still knows, and which of their indices are queued or running.
        List<Submission> recorded;
        try
        {
            recorded = SlurmRecord.Read(store);
        }
        catch (InvalidDataException) when (resubmit)
        {
            recorded = []; // --resubmit asks nothing of the record; a new one replaces it
        }

        var kept = new List<Submission>();
        var queued = new HashSet<int>();
        var holders = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Submission job in recorded)
        {
            if (resubmit)
            {
                kept.Add(job);
                continue;
            }

            HashSet<int>? tasks = SlurmRecord.Queued(job.Job, out string why);
            if (tasks is null)
            {
                error.WriteLine($"sparsegen: error: cannot ask Slurm whether job {job.Job} (array {job.Indices}, submitted {job.SubmittedUtc:u} from {job.Host}) is still queued ({why}); submitting could run its points twice. Wait until squeue answers, or pass --resubmit to submit every unfinished point again.");
                return ExitCodes.Failure;
            }

            if (tasks.Count > 0)
            {
                kept.Add(job);
                int before = queued.Count;
                queued.UnionWith(tasks.Intersect(unfinished));
                if (queued.Count > before)
                {
                    holders.Add(job.Job);
                }
            }
        }

        int[] pending = unfinished.Where(i => !queued.Contains(i)).ToArray();
        if (queued.Count > 0)
        {
            output.WriteLine($"{queued.Count} unfinished point(s) ({ArraySpec(queued.ToArray())}) are still queued or running in job(s) {string.Join(", ", holders)}; not submitted again (--resubmit does).");
        }

        if (pending.Length == 0)
        {
            output.WriteLine($"{grid.Name}: every unfinished point is queued or running; nothing to submit.");
            return 0;
        }

        string path = ScriptPath(grid, store);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.WriteText(path, Script(grid, store, pending, device));
        output.WriteLine($"wrote {path}: {pending.Length} of {grid.Points.Count} points as array tasks {ArraySpec(pending)}");
        if (dryRun)
        {
            return 0;
        }

        var start = new ProcessStartInfo(SlurmRecord.Sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        start.ArgumentList.Add(path);
        try
        {
            using Process sbatch = Process.Start(start)!;
            string stdout = sbatch.StandardOutput.ReadToEnd();
            string stderr = sbatch.StandardError.ReadToEnd();
            sbatch.WaitForExit();
            if (sbatch.ExitCode != 0)
            {
                error.WriteLine($"sparsegen: error: sbatch refused {path} (exit {sbatch.ExitCode}): {stderr.Trim()}");
                return ExitCodes.Failure;
            }

            string job = stdout.Trim().Split(';')[0];
            if (!SlurmRecord.IsJobId(job))
            {
                error.WriteLine($"sparsegen: error: sbatch accepted {path} but printed '{ErrorText.OneLine(stdout.Trim())}', not a job id; check `squeue --me` before submitting again.");
                return ExitCodes.Failure;
            }

            kept.Add(new Submission(job, ArraySpec(pending), Environment.MachineName, DateTime.UtcNow));
            try
            {
                SlurmRecord.Write(store, kept);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"sparsegen: error: submitted job {job}, but could not record it in {SlurmRecord.PathOf(store)} ({ErrorText.OneLine(e.Message)}); until it has left the queue (`squeue -j {job}`), a further submit would queue its points again.");
                return ExitCodes.Failure;
            }
            output.WriteLine($"submitted job {job}; watch it with `squeue -j {job}`, then run `sparsegen sweep merge {grid.Path} --out {store.Folder}`");
            return 0;
        }
        catch (Win32Exception)
        {
            error.WriteLine($"sparsegen: error: sbatch is not on PATH (is this a Slurm login node?); the script is written at {path}; --dry-run only writes it.");
            return ExitCodes.Failure;
        }
    }
}
