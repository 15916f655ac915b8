using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using SparseGen.IO;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// The Slurm jobs <c>sweep submit</c> made for a sweep folder, in <c>OUT/slurm/submissions.json</c> (written atomically):
/// each job's id and array indices. A later submit asks Slurm which tasks of each recorded job it still knows
/// (<c>squeue -h -r -j JOB -o %K</c>: pending or running) and leaves those indices out, so that two submits one after
/// the other never queue one point twice.
/// </summary>
internal static class SlurmRecord
{
    /// <summary>
    /// The programs asked, <c>sbatch</c> and <c>squeue</c> on <c>PATH</c> unless a test sets others for its own calls
    /// (an <see cref="AsyncLocal{T}"/>, so tests running at once do not see each other's).
    /// </summary>
    internal static readonly AsyncLocal<(string Sbatch, string Squeue)?> Programs = new();

    /// <summary>The <c>sbatch</c> program.</summary>
    public static string Sbatch => Programs.Value?.Sbatch ?? "sbatch";

    /// <summary>The <c>squeue</c> program.</summary>
    public static string Squeue => Programs.Value?.Squeue ?? "squeue";

    /// <summary>The record's path in the sweep folder.</summary>
    public static string PathOf(PointStore store) => System.IO.Path.Combine(store.Folder, "slurm", "submissions.json");

    /// <summary>The recorded jobs; none when there is no record.</summary>
    /// <exception cref="InvalidDataException">The record is not a regular file, too large, or not a valid record; the message names it.</exception>
    public static List<Submission> Read(PointStore store)
    {
        string path = PathOf(store);
        if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return [];
        }

        try
        {
            var file = SweepJson.Deserialize<SubmissionsFile>(BoundedFile.ReadText(path, BoundedFile.GridLimit, "Slurm submission record"));
            if (file?.Jobs is null || file.Jobs.Any(j => j is null || !IsJobId(j.Job) || j.Indices is null))
            {
                throw new InvalidDataException($"Slurm submission record {path} holds no valid list of jobs; delete it, or pass --resubmit.");
            }

            foreach (Submission job in file.Jobs)
            {
                _ = ParseIndices(job.Indices) ?? throw new InvalidDataException($"Slurm submission record {path}: job {job.Job} has indices '{SparseGen.CommandLine.ErrorText.OneLine(job.Indices)}', not a list such as 0-3,7; delete it, or pass --resubmit.");
            }

            return file.Jobs;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Slurm submission record {path} is not valid: {SparseGen.CommandLine.ErrorText.OneLine(e.Message)}; delete it, or pass --resubmit.");
        }
    }

    /// <summary>Writes the record (atomically: whole or the old one).</summary>
    public static void Write(PointStore store, IEnumerable<Submission> jobs)
    {
        string path = PathOf(store);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        AtomicFile.WriteText(path, SweepJson.Serialize(new SubmissionsFile(jobs.ToList()), SweepJson.Options));
    }

    /// <summary>Whether <paramref name="job"/> is a Slurm job id (ASCII digits).</summary>
    public static bool IsJobId(string? job) => !string.IsNullOrEmpty(job) && job.Length <= 20 && job.All(char.IsAsciiDigit);

    /// <summary>
    /// The array indices of <paramref name="job"/> that Slurm still knows (pending or running): an empty set once the job
    /// has left the queue, null when Slurm cannot be asked (<paramref name="why"/> says why).
    /// </summary>
    public static HashSet<int>? Queued(string job, out string why)
    {
        var start = new ProcessStartInfo(Squeue) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-h", "-r", "-j", job, "-o", "%K" })
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process squeue = Process.Start(start)!;
            var stdout = squeue.StandardOutput.ReadToEndAsync();
            var stderr = squeue.StandardError.ReadToEndAsync();
            if (!squeue.WaitForExit(30_000))
            {
                squeue.Kill(entireProcessTree: true);
                why = "squeue gave no answer within 30 s";
                return null;
            }

            string output = stdout.GetAwaiter().GetResult(), errors = stderr.GetAwaiter().GetResult();
            if (squeue.ExitCode != 0)
            {
                if (errors.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
                {
                    why = string.Empty;
                    return []; // long gone from the queue
                }

                why = $"squeue exit {squeue.ExitCode}: {SparseGen.CommandLine.ErrorText.OneLine(errors.Trim())}";
                return null;
            }

            var queued = new HashSet<int>();
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ParseIndices(line.Split('%')[0].Trim('[', ']')) is not { } indices)
                {
                    why = $"squeue printed '{SparseGen.CommandLine.ErrorText.OneLine(line)}', not an array index";
                    return null;
                }

                queued.UnionWith(indices);
            }

            why = string.Empty;
            return queued;
        }
        catch (Win32Exception)
        {
            why = $"{Squeue} is not on PATH";
            return null;
        }
    }

    /// <summary>Indices written as sbatch's <c>--array</c> takes them (<c>0-3,7</c>), or null when the text is not such a list.</summary>
    public static int[]? ParseIndices(string text)
    {
        var indices = new List<int>();
        foreach (string part in text.Split(','))
        {
            string[] ends = part.Split('-');
            if (ends.Length is < 1 or > 2 || !ends.All(e => e.Length is > 0 and <= 9 && e.All(char.IsAsciiDigit)))
            {
                return null;
            }

            int a = int.Parse(ends[0], CultureInfo.InvariantCulture), b = int.Parse(ends[^1], CultureInfo.InvariantCulture);
            if (b < a || b - a > Grid.MaxPoints || indices.Count > Grid.MaxPoints)
            {
                return null;
            }

            indices.AddRange(Enumerable.Range(a, b - a + 1));
        }

        return indices.ToArray();
    }

    /// <summary>The record file.</summary>
    /// <param name="Jobs">The jobs, oldest first.</param>
    internal sealed record SubmissionsFile(List<Submission> Jobs);
}

/// <summary>One recorded Slurm job of a sweep.</summary>
/// <param name="Job">Slurm's job id.</param>
/// <param name="Indices">Its array indices as sbatch's <c>--array</c> takes them, e.g. <c>0-3,7</c>.</param>
/// <param name="Host">The machine that submitted it.</param>
/// <param name="SubmittedUtc">When.</param>
internal sealed record Submission(string Job, string Indices, string Host, DateTime SubmittedUtc);
