using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Runs the unfinished points of a grid on this machine, <c>workers</c> processes at a time, each
/// <c>sparsegen sweep point GRID --index I --out DIR --threads T</c> (<c>T</c>: the cores divided among the workers) with its output in the point's log: the same contract a
/// Slurm array task or a Kubernetes Indexed Job uses. When <c>cancellationToken</c> is cancelled (SIGINT, SIGTERM) no
/// further point starts, the running ones are stopped (<see cref="ChildStop"/>) and marked abandoned, and the run
/// ends with one line and <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal static class LocalRunner
{
    /// <returns>0 when every point is finished, <see cref="ExitCodes.Failure"/> when one or more failed, <see cref="ExitCodes.Interrupted"/> when interrupted.</returns>
    public static int Run(Grid grid, PointStore store, int workers, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, string device = "cpu")
    {
        store.Create();
        int[] pending = grid.Points.Where(p => store.Status(p) != PointStatus.Done).Select(p => p.Index).ToArray();
        int skipped = grid.Points.Count - pending.Length;
        output.WriteLine($"{grid.Name}: {grid.Points.Count} points, {skipped} already finished, running {pending.Length} with {workers} worker(s); results in {store.Folder}");
        var queue = new ConcurrentQueue<int>(pending);
        var sync = new object();
        int finished = 0, failed = 0, abandoned = 0;
        var clock = Stopwatch.StartNew();
        int threads = Math.Max(1, Environment.ProcessorCount / workers);

        async Task Worker()
        {
            while (!cancellationToken.IsCancellationRequested && queue.TryDequeue(out int index))
            {
                var started = Stopwatch.StartNew();
                SweepPoint point = grid.Points[index];
                PointRun run;
                try
                {
                    run = await RunPoint(grid, store, index, threads, device, cancellationToken);
                }
                catch (Exception e)
                {
                    // The runner could not start the point or keep its log (a full disk, a folder in the way): this
                    // point failed, with its error recorded where the disk still takes it; the run goes on.
                    run = new PointRun(-1, $"sweep run could not run it: {e.GetType().Name}: {ErrorText.OneLine(e.Message)}");
                    TryRecord(() => store.WriteFailure(point, run.LastError!));
                }

                lock (sync)
                {
                    RunSummary? result = run.Code == 0 ? store.ReadResult(point) : null;
                    if (result is null && cancellationToken.IsCancellationRequested)
                    {
                        // Stopped, not failed: a rerun redoes it.
                        abandoned++;
                        TryRecord(() => store.WriteAbandoned(point, "stopped by SIGINT or SIGTERM to sweep run before it finished"));
                        continue;
                    }

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
                        string why = store.ReadFailure(index) ?? run.LastError ?? "no result";
                        error.WriteLine($"[{finished + failed}/{pending.Length}] point {index} ({Describe(point)}) failed (exit {run.Code}): {ErrorText.OneLine(why)}; log: {store.LogPath(index)}");
                    }
                }
            }
        }

        Task.WaitAll(Enumerable.Range(0, Math.Max(1, Math.Min(workers, pending.Length))).Select(_ => Task.Run(Worker)).ToArray());
        if (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sparsegen: interrupted; stopped {abandoned} running point(s), marked abandoned (a rerun redoes them), started no more; {finished} finished, {failed} failed, {pending.Length - finished - failed - abandoned} not started; results in {store.Folder}"));
            return ExitCodes.Interrupted;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{grid.Name}: {finished} finished, {failed} failed, {skipped} skipped in {clock.Elapsed.TotalSeconds:F1} s"));
        return failed == 0 ? 0 : ExitCodes.Failure;
    }

    /// <summary>A short description of a point for progress lines.</summary>
    public static string Describe(SweepPoint p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Dataset}, hidden {p.HiddenText}, {p.Pattern} {p.Density}, topology seed {p.TopologySeed}, seed {p.Seed}");

    /// <summary>Records a point's state where the disk still takes it: a full disk loses the file, never the run.</summary>
    private static void TryRecord(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The error is still printed on the run's standard error.
        }
    }

    /// <summary>How a point process ended: its exit code and the last line it wrote on standard error (kept in memory, so a full disk does not lose it).</summary>
    private sealed record PointRun(int Code, string? LastError);

    private static async Task<PointRun> RunPoint(Grid grid, PointStore store, int index, int threads, string device, CancellationToken cancellationToken)
    {
        using var log = new StreamWriter(store.LogPath(index), append: false) { AutoFlush = true };
        using Process process = Launcher.Start(["sweep", "point", grid.Path, "--index", index.ToString(CultureInfo.InvariantCulture), "--out", store.Folder, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--device", device,
            "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        var sink = new LogSink(log);
        Task copyOut = Copy(process.StandardOutput, sink, keepLast: false);
        Task<string?> copyError = Copy(process.StandardError, sink, keepLast: true);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await ChildStop.StopAsync(process);
        }

        await copyOut;
        string? last = await copyError;
        return new PointRun(process.ExitCode, last ?? sink.Problem);
    }

    /// <summary>A point's log; a write that fails (a full disk) stops the writing but never the reading of the child's pipes.</summary>
    private sealed class LogSink(StreamWriter log)
    {
        private readonly object _sync = new();

        public string? Problem { get; private set; }

        public void WriteLine(string line)
        {
            lock (_sync)
            {
                if (Problem is not null)
                {
                    return;
                }

                try
                {
                    log.WriteLine(line);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Problem = $"its log {((FileStream)log.BaseStream).Name} could not be written: {ErrorText.OneLine(e.Message)}";
                }
            }
        }
    }

    private static async Task<string?> Copy(StreamReader from, LogSink to, bool keepLast)
    {
        string? last = null;
        while (await from.ReadLineAsync() is { } line)
        {
            to.WriteLine(line);
            if (keepLast && !string.IsNullOrWhiteSpace(line))
            {
                last = line.Length > 1000 ? line[..1000] : line;
            }
        }

        return last;
    }
}
