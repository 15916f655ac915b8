using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Runs the unfinished points of a grid on this machine, <c>workers</c> processes at a time, each
/// <c>sparsegen sweep point GRID --index I --out DIR --threads T</c> (<c>T</c>: the cores divided among the workers) with its output in the point's log: the same contract a
/// Slurm array task or a Kubernetes Indexed Job uses.
/// </summary>
internal static class LocalRunner
{
    /// <returns>0 when every point is finished, <see cref="SparseGenCli.Failure"/> when one or more failed.</returns>
    public static int Run(Grid grid, PointStore store, int workers, TextWriter output, TextWriter error)
    {
        store.Create();
        int[] pending = grid.Points.Where(p => store.Status(p) != PointStatus.Done).Select(p => p.Index).ToArray();
        int skipped = grid.Points.Count - pending.Length;
        output.WriteLine($"{grid.Name}: {grid.Points.Count} points, {skipped} already finished, running {pending.Length} with {workers} worker(s); results in {store.Folder}");
        var queue = new ConcurrentQueue<int>(pending);
        var sync = new object();
        int finished = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        int threads = Math.Max(1, Environment.ProcessorCount / workers);

        async Task Worker()
        {
            while (queue.TryDequeue(out int index))
            {
                var started = Stopwatch.StartNew();
                int code = await RunPoint(grid, store, index, threads);
                lock (sync)
                {
                    SweepPoint point = grid.Points[index];
                    RunSummary? result = code == 0 ? store.ReadResult(point) : null;
                    string seconds = started.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
                    if (result is not null)
                    {
                        finished++;
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"[{finished + failed}/{pending.Length}] point {index} ({Describe(point)}): test accuracy {result.TestAccuracy:P2} in {seconds} s"));
                    }
                    else
                    {
                        failed++;
                        error.WriteLine($"[{finished + failed}/{pending.Length}] point {index} ({Describe(point)}) failed (exit {code}): {store.ReadFailure(index) ?? "no result"}; log: {store.LogPath(index)}");
                    }
                }
            }
        }

        Task.WaitAll(Enumerable.Range(0, Math.Max(1, Math.Min(workers, pending.Length))).Select(_ => Task.Run(Worker)).ToArray());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grid.Name}: {finished} finished, {failed} failed, {skipped} skipped in {clock.Elapsed.TotalSeconds:F1} s"));
        return failed == 0 ? 0 : SparseGenCli.Failure;
    }

    /// <summary>A short description of a point for progress lines.</summary>
    public static string Describe(SweepPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Dataset}, hidden {p.HiddenText}, {p.Pattern} {p.Density}, topology seed {p.TopologySeed}, seed {p.Seed}");

    private static async Task<int> RunPoint(Grid grid, PointStore store, int index, int threads)
    {
        using var log = new StreamWriter(store.LogPath(index), append: false) { AutoFlush = true };
        using Process process = Launcher.Start(["sweep", "point", grid.Path, "--index", index.ToString(CultureInfo.InvariantCulture), "--out", store.Folder, "--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        Task copyOut = Copy(process.StandardOutput, log);
        Task copyError = Copy(process.StandardError, log);
        await process.WaitForExitAsync();
        await Task.WhenAll(copyOut, copyError);
        return process.ExitCode;
    }

    private static async Task Copy(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }
}
