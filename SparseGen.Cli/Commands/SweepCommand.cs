using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.Cli.Sweep;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Commands;

/// <summary><c>sparsegen sweep plan|run|point|submit|merge</c>: grids of experiments on this machine, Slurm or Kubernetes.</summary>
internal static class SweepCommand
{
    public static Command Create() => new("sweep", "Runs a grid of experiments (data sets x networks x patterns x densities x topology seeds x training seeds) from a JSON grid file; see docs/experiments.md.")
    {
        Plan(), RunLocal(), Point(), Submit(), Merge(),
    };

    private static Argument<FileInfo> GridArgument() => new("grid") { Description = "The grid file (JSON)." };

    private static Option<DirectoryInfo> OutOption() => new("--out") { Description = "Output folder of the sweep (point results, logs, merged tables). Default: sweeps/<grid name> under the current folder." };

    private static (Grid Grid, PointStore Store) Open(ParseResult parse, Argument<FileInfo> grid, Option<DirectoryInfo> @out, bool create, bool checkNetworks = false)
    {
        Grid g = Grid.Load(parse.GetValue(grid)!.FullName);
        if (checkNetworks)
        {
            NetworkCheck.Require(g); // Before any folder is made or any point starts.
        }

        string folder = parse.GetValue(@out)?.FullName ?? Path.Combine("sweeps", g.Name);
        return (g, new PointStore(create ? Conventions.Sparsegen.RequireFolder("--out", folder) : folder));
    }

    private static Command Plan()
    {
        var grid = GridArgument();
        var @out = OutOption();
        var json = new Option<bool>("--json") { Description = "Print the points as JSON, one object per line." };
        var command = new Command("plan", "Lists the grid's points with their stable indices and, where results exist, their status.") { grid, @out, json };
        command.SetAction(parse =>
        {
            var (g, store) = Open(parse, grid, @out, create: false);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                foreach (SweepPoint p in g.Points)
                {
                    output.WriteLine(SweepJson.Serialize(p, SweepJson.Compact));
                }

                return 0;
            }

            output.WriteLine($"{g.Name}: {g.Points.Count} points (results in {store.Folder})");
            output.WriteLine("index  status     dataset          hidden     pattern            density  topology  topology_seed  seed");
            var corrupt = new System.Collections.Generic.List<string>();
            foreach (SweepPoint p in g.Points)
            {
                PointStatus status = store.Status(p);
                if (status == PointStatus.Corrupt)
                {
                    corrupt.Add($"point {p.Index}: corrupt: {store.Read(p).Corrupt}");
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Index,5}  {status.ToString().ToLowerInvariant(),-9}  {p.Dataset,-15}  {p.HiddenText,-9}  {p.Pattern,-17}  {p.Density,7}  {p.Topology,-8}  {p.TopologySeed,13}  {p.Seed,4}"));
            }

            corrupt.ForEach(output.WriteLine);

            // A point whose network cannot be built is flagged, one line each, and the grid is refused (run and submit refuse it too).
            var invalid = NetworkCheck.Problems(g);
            foreach (var (point, why) in invalid)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{Conventions.Sparsegen.UsagePrefix}point {point.Index} ({LocalRunner.Describe(point)}) cannot be built: {ErrorText.OneLine(why)}");
            }

            return invalid.Count > 0 ? ExitCodes.UsageError : 0;
        });
        return command;
    }

    private static Command RunLocal()
    {
        var grid = GridArgument();
        var @out = OutOption();
        var workers = ValueOptions.Positive("--workers", "Points run at once, each in its own process with an equal share of the cores as training threads; at most the processor count (a larger value is capped).", 1);
        var device = Devices.Option();
        var command = new Command("run", "Runs the unfinished points on this machine (finished points are skipped, failed ones tried again).") { grid, @out, workers, device };
        command.SetAction((parse, cancellationToken) =>
        {
            var (g, store) = Open(parse, grid, @out, create: true, checkNetworks: true);
            string deviceName = parse.GetValue(device)!;
            Devices.Open(deviceName)?.Dispose(); // An absent device is one line and exit 2 before any point starts.
            using SweepLock folder = SweepLock.Folder(store, "sweep run");
            int asked = parse.GetValue(workers), cores = Environment.ProcessorCount;
            if (asked > cores)
            {
                // More processes than cores only makes each slower; never start more at once than the machine has cores.
                parse.InvocationConfiguration.Output.WriteLine($"--workers {asked} capped at {cores}, the processor count.");
            }

            return System.Threading.Tasks.Task.FromResult(LocalRunner.Run(g, store, Math.Min(asked, cores), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken, deviceName));
        });
        return command;
    }

    private static Command Point()
    {
        var grid = GridArgument();
        var @out = OutOption();
        var index = ValueOptions.Number<int>("--index", "The point's index (sweep plan lists them); a Slurm task passes $SLURM_ARRAY_TASK_ID, a Kubernetes Indexed Job $(JOB_COMPLETION_INDEX).");
        index.Required = true;
        var threads = ValueOptions.Positive("--threads", "CPU threads training uses (a Slurm task passes the grid's cpus_per_task); the results do not depend on it.", 1);
        var device = Devices.Option();
        // Internal: the pid of the `sweep run` that started this point. The point watches it and, when it has died
        // (SIGKILL leaves no chance to stop its children), stops as on SIGTERM and marks itself abandoned.
        var parent = ValueOptions.Number<int>("--parent", "Internal: the process id of the sweep run that started this point; the point stops, marked abandoned, when that process ends.");
        parent.Hidden = true;
        var command = new Command("point", "Runs one point and writes its result file (what each cluster task calls); a finished point is not run again.") { grid, @out, index, threads, device, parent };
        command.SetAction((parse, cancellationToken) => System.Threading.Tasks.Task.FromResult(RunPoint(parse, cancellationToken)));
        int RunPoint(ParseResult parse, System.Threading.CancellationToken cancellationToken)
        {
            var (g, store) = Open(parse, grid, @out, create: true);
            TextWriter output = parse.InvocationConfiguration.Output;
            int i = parse.GetValue(index);
            if (i < 0 || i >= g.Points.Count)
            {
                throw new UsageException($"--index {i} is outside the grid's points 0 .. {g.Points.Count - 1}.");
            }

            SweepPoint point = g.Points[i];
            using SparseGen.Ilgpu.IlgpuBackend? accelerator = Devices.Open(parse.GetValue(device)!);
            store.Create();

            // Not the folder's lock: a Slurm array's tasks run their points at once. One point never runs twice at once.
            using SweepLock running = SweepLock.Point(store, i);
            if (store.Status(point) == PointStatus.Done)
            {
                output.WriteLine($"point {i} is already finished: {store.ResultPath(i)}");
                return 0;
            }

            output.WriteLine($"point {i} of {g.Name} on {Environment.MachineName}: {LocalRunner.Describe(point)}");
            Experiment experiment = point.ToExperiment() with { Threads = parse.GetValue(threads), Backend = accelerator };
            using var stop = System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using ParentWatch? watch = parse.GetResult(parent) is null ? null : ParentWatch.Start(parse.GetValue(parent), stop);
            TrainingRun run;
            try
            {
                run = experiment.Run([], stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Not a failure of the point: marked abandoned, so that a rerun (or the next array task) redoes it.
                bool orphaned = watch?.ParentEnded == true && !cancellationToken.IsCancellationRequested;
                store.WriteAbandoned(point, orphaned
                    ? $"the sweep run that started it (process {parse.GetValue(parent)}) ended before it finished"
                    : "stopped by SIGINT or SIGTERM before it finished");
                if (orphaned)
                {
                    parse.InvocationConfiguration.Error.WriteLine(
                        $"{Conventions.Sparsegen.UsagePrefix}interrupted: the sweep run that started point {i} (process {parse.GetValue(parent)}) ended; stopped after the current batch, marked abandoned.");
                    return ExitCodes.Interrupted;
                }

                throw;
            }
            catch (Exception e)
            {
                RecordFailure(store, point, $"{e.GetType().Name}: {e.Message}");
                throw;
            }

            try
            {
                store.WriteResult(point, RunSummary.Of(experiment, run));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk: the training is lost, the point failed; its error goes into its failure file where the
                // disk still takes it, and into the one line this process ends with (the runner keeps it in memory).
                string error = $"point {i}: its result {store.ResultPath(i)} could not be written: {ErrorText.OneLine(e.Message)}";
                RecordFailure(store, point, error);
                throw new IOException(error, e);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {run.TestAccuracy:P2}, test loss {run.TestLoss:F4}, {run.TrainSeconds:F1} s; wrote {store.ResultPath(i)}"));
            return 0;
        }

        return command;
    }

    /// <summary>Writes a point's failure file; when that fails too (a full disk) the error survives in the message thrown.</summary>
    private static void RecordFailure(PointStore store, SweepPoint point, string error)
    {
        try
        {
            store.WriteFailure(point, error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{ErrorText.OneLine(error)} (and its failure file could not be written: {ErrorText.OneLine(e.Message)})", e);
        }
    }

    private static Command Submit()
    {
        var grid = GridArgument();
        var @out = OutOption();
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm as a job array (sbatch), one array task per unfinished point (required: the one scheduler so far)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only write the sbatch script." };
        var resubmit = new Option<bool>("--resubmit") { Description = "Submit every unfinished point, also those an earlier submit's job still has queued or running (by default they are left out; Slurm is asked with squeue)." };
        var device = Devices.Option();
        var command = new Command("submit", "Writes a cluster job for the unfinished points and submits it; --device is checked on the compute nodes, where each task opens it.") { grid, @out, slurm, dryRun, resubmit, device };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(slurm))
            {
                throw new UsageException("submit needs --slurm (Slurm is the scheduler it submits to; for Kubernetes see docs/experiments.md).");
            }

            var (g, store) = Open(parse, grid, @out, create: false, checkNetworks: true);
            SlurmJob.Check(g, store);
            store = new PointStore(Conventions.Sparsegen.RequireFolder("--out", store.Folder));
            using SweepLock folder = SweepLock.Folder(store, "sweep submit");
            return SlurmJob.Submit(g, store, parse.GetValue(dryRun), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(device)!, parse.GetValue(resubmit));
        });
        return command;
    }

    private static Command Merge()
    {
        var grid = GridArgument();
        var @out = OutOption();
        var plots = new Option<DirectoryInfo>("--plots") { Description = "Folder of the SVG plots. Default: plots/ in the output folder." };
        var metrics = new Option<bool>("--topology-metrics") { Description = "Add each point's algebraic connectivity and scatter (first hidden layer), their Spearman correlation with accuracy, and accuracy-against-metric plots." };
        var spectral = Options.SpectralLimit("With --topology-metrics, compute algebraic connectivity only for a first hidden layer of up to this many nodes (inputs + units; a dense O(n^3) eigendecomposition); a larger layer's is written as skipped.");
        var command = new Command("merge", "Gathers the finished points into results.csv, summary.csv and SVG plots; failed or missing points are reported with their index and log.") { grid, @out, plots, metrics, spectral };
        command.SetAction(parse =>
        {
            var (g, store) = Open(parse, grid, @out, create: true);
            string plotFolder = Conventions.Sparsegen.RequireFolder("--plots", parse.GetValue(plots)?.FullName ?? Path.Combine(store.Folder, "plots"));
            return SweepMerge.Run(g, store, plotFolder, parse.GetValue(metrics) ? parse.GetValue(spectral) : null, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
