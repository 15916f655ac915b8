using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.CommandLine;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// A grid of experiments read from a JSON file (docs/experiments.md, "Grid files"): every combination of data set,
/// hidden sizes, pattern, density, topology seed and training seed is one <see cref="SweepPoint"/>, numbered in
/// that nesting order (data set outermost, training seed innermost), so an index names the same point as long as
/// the file is unchanged. <see cref="ConnectivityPattern.Dense"/> runs at density 1 only, whatever the densities, and
/// deterministic patterns (dense and the regular, long-short and Fibonacci rotations) with one topology
/// (<c>fixed</c>, seed 0), whatever the topology seeds.
/// </summary>
public sealed class Grid
{
    /// <summary>The value of <c>topology_seeds</c> that gives each run its own topology: the topology seed is the training seed.</summary>
    public const string PerRun = "per-run";

    private Grid(string path, GridFile file, IReadOnlyList<SweepPoint> points, SlurmSettings slurm)
    {
        Path = path;
        Name = file.Name!;
        Points = points;
        Slurm = slurm;
    }

    /// <summary>The most points a grid may have (100,000); counted before any point is made.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>The grid file's full path.</summary>
    public string Path { get; }

    /// <summary>The grid's name (file names of its outputs and its Slurm job name).</summary>
    public string Name { get; }

    /// <summary>The points, index <c>i</c> at position <c>i</c>.</summary>
    public IReadOnlyList<SweepPoint> Points { get; }

    /// <summary>Resources and time limit of each Slurm array task.</summary>
    public SlurmSettings Slurm { get; }

    /// <summary>Reads and checks a grid file.</summary>
    /// <exception cref="UsageException">The file is missing, is not valid JSON, or holds a bad value; the message names the file, the field and what is allowed.</exception>
    public static Grid Load(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        GridFile? file;
        try
        {
            file = SweepJson.Deserialize<GridFile>(BoundedFile.ReadText(full, BoundedFile.GridLimit, "grid file"));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        catch (UnauthorizedAccessException)
        {
            throw new UsageException($"grid file {path} cannot be read (permission denied).");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"grid file {path} does not exist.");
        }
        catch (JsonException e)
        {
            throw new UsageException($"{path}: {ErrorText.OneLine(e.Message)}");
        }

        if (file is null)
        {
            throw new UsageException($"{path}: the file holds null; it needs a JSON object (see docs/experiments.md, \"Grid files\").");
        }

        SlurmSettings slurm = Check(path, file);
        double count = PointCount(path, file);
        if (count > MaxPoints)
        {
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: the grid has {count:N0} points, over the {MaxPoints:N0} a grid may have; split it into several grids."));
        }

        return new Grid(full, file, Expand(full, file), slurm);
    }

    private static SlurmSettings Check(string path, GridFile f)
    {
        void Fail(string what) => throw new UsageException($"{path}: {what}");
        if (f.Hidden is null || f.Patterns is null || f.Densities is null || f.Seeds is null || f.Optimizer is null || f.Slurm is null || f.Datasets?.Contains(null) == true)
        {
            throw new UsageException($"{path}: hidden, patterns, densities, seeds, optimizer, slurm and the entries of datasets must not be null; leave a field out for its default.");
        }

        FileNames.Check(f.Name, $"{path}: name");
        if (f.Name!.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            Fail($"name '{f.Name}' must be given and hold only letters, digits, '-', '_' and '.' (it names output files and the Slurm job).");
        }

        if (f.Datasets is { Count: 0 })
        {
            Fail("datasets is empty; leave it out for the shipped MNIST subset, or list at least one data set.");
        }

        foreach (var (d, k) in (f.Datasets ?? []).Select((d, k) => (d!, k)))
        {
            FileNames.Check(d.Name, $"{path}: datasets[{k}].name");

            if (d.TrainSamples is < 1 || d.TestSamples is < 1)
            {
                Fail($"datasets[{k}] ({d.Name}): train_samples and test_samples must be at least 1.");
            }
        }

        if (f.Hidden.Count == 0 || f.Hidden.Any(h => h is null || h.Length == 0 || h.Any(u => u < 1)))
        {
            Fail("hidden must list one or more networks, each a list of hidden-layer sizes of at least 1, e.g. [[250], [500, 300]].");
        }

        if (f.Patterns.Count == 0)
        {
            Fail($"patterns is empty; list one or more of {string.Join(", ", Enum.GetNames<ConnectivityPattern>())}.");
        }

        if (f.Patterns.Any(p => !Enum.IsDefined(p)))
        {
            Fail($"patterns holds an unknown pattern; use {string.Join(", ", Enum.GetNames<ConnectivityPattern>())}.");
        }

        if (f.Densities.Count == 0 && f.Patterns.Any(p => p != ConnectivityPattern.Dense))
        {
            Fail("densities is empty; list one or more densities in (0, 1].");
        }

        foreach (var (d, k) in f.Densities.Select((d, k) => (d, k)))
        {
            if (!(d > 0 && d <= 1))
            {
                Fail($"densities[{k}] = {d.ToString(CultureInfo.InvariantCulture)} is outside (0, 1].");
            }
        }

        if (f.Seeds.Count == 0)
        {
            Fail("seeds is empty; list one or more training seeds.");
        }

        // A repeated value would run one point twice and merge it as two seeds (std 0); a repeated data set name merges two data sets as one.
        Unique(path, "datasets[].name", (f.Datasets ?? []).Select(d => d!.Name!));
        Unique(path, "hidden", f.Hidden.Select(h => $"[{string.Join(", ", h)}]"));
        Unique(path, "patterns", f.Patterns.Select(p => p.ToString()));
        Unique(path, "densities", f.Densities.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
        Unique(path, "seeds", f.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        Unique(path, "topology_seeds", TopologySeeds(path, f).Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? $"\"{PerRun}\""));

        if (f.Epochs < 1 || f.BatchSize < 1)
        {
            Fail($"epochs ({f.Epochs}) and batch_size ({f.BatchSize}) must be at least 1.");
        }

        if (!(f.Dropout >= 0 && f.Dropout < 1))
        {
            Fail($"dropout {f.Dropout.ToString(CultureInfo.InvariantCulture)} must be in [0, 1).");
        }

        f.Optimizer.Validate(path);
        f.Slurm.Validate(path);
        return f.Slurm;
    }

    private static void Unique(string path, string key, IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            if (!seen.Add(value))
            {
                throw new UsageException($"{path}: {key} holds {value} twice; each value may appear once (a repeat would run or merge one point as two).");
            }
        }
    }

    private static List<ulong?> TopologySeeds(string path, GridFile f)
    {
        if (f.TopologySeeds.ValueKind == JsonValueKind.Undefined)
        {
            return [null];
        }

        if (f.TopologySeeds.ValueKind != JsonValueKind.Array || f.TopologySeeds.GetArrayLength() == 0)
        {
            throw new UsageException($"{path}: topology_seeds must be a non-empty list of seeds and \"{PerRun}\" (a new topology per run), e.g. [42] or [\"{PerRun}\"].");
        }

        return f.TopologySeeds.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.String when e.GetString() == PerRun => null,
            JsonValueKind.Number when e.TryGetUInt64(out ulong seed) => (ulong?)seed,
            _ => throw new UsageException($"{path}: topology_seeds holds {e.GetRawText()}; each entry must be a seed (an integer of at least 0) or \"{PerRun}\"."),
        }).ToList();
    }

    /// <summary>How many points <see cref="Expand"/> makes, counted without making them (a double: the product of the list sizes may exceed any integer).</summary>
    private static double PointCount(string path, GridFile f)
    {
        int topologySeeds = TopologySeeds(path, f).Count;
        double perNetwork = f.Patterns.Sum(p => (p == ConnectivityPattern.Dense ? 1.0 : f.Densities.Count) * (Topology.UsesSeed(p) ? topologySeeds : 1));
        return (double)(f.Datasets?.Count ?? 1) * f.Hidden.Count * perNetwork * f.Seeds.Count;
    }

    private static List<SweepPoint> Expand(string path, GridFile f)
    {
        string folder = System.IO.Path.GetDirectoryName(path)!;
        var datasets = f.Datasets?.Select(d => d!).ToList() ?? [new DatasetEntry("mnist-subset", null, null, null)];
        var points = new List<SweepPoint>();
        foreach (DatasetEntry d in datasets)
        {
            string? data = d.Path is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, d.Path));
            foreach (int[] hidden in f.Hidden)
            {
                foreach (ConnectivityPattern pattern in f.Patterns)
                {
                    foreach (double density in pattern == ConnectivityPattern.Dense ? [1.0] : f.Densities)
                    {
                        // A deterministic pattern has one topology whatever the seed: it runs once per training seed, as "fixed".
                        foreach (ulong? topologySeed in Topology.UsesSeed(pattern) ? TopologySeeds(path, f) : [0UL])
                        {
                            foreach (ulong seed in f.Seeds)
                            {
                                points.Add(new SweepPoint(points.Count, d.Name!, data, d.TrainSamples, d.TestSamples, hidden, pattern, density,
                                    topologySeed is null ? PerRun : "fixed", topologySeed ?? seed, seed, f.Epochs, f.BatchSize, f.Dropout, f.Optimizer));
                            }
                        }
                    }
                }
            }
        }

        return points;
    }

    /// <summary>The grid file as written (snake_case JSON).</summary>
    internal sealed class GridFile
    {
        public string? Name { get; set; }

        public List<DatasetEntry?>? Datasets { get; set; }

        public List<int[]> Hidden { get; set; } = [[250]];

        public List<ConnectivityPattern> Patterns { get; set; } = [ConnectivityPattern.Uniform];

        public List<double> Densities { get; set; } = [];

        public List<ulong> Seeds { get; set; } = [1];

        public JsonElement TopologySeeds { get; set; }

        public int Epochs { get; set; } = 10;

        public int BatchSize { get; set; } = 32;

        public double Dropout { get; set; } = 0.2;

        public OptimizerSpec Optimizer { get; set; } = new();

        public SlurmSettings Slurm { get; set; } = new();
    }

    /// <summary>One data set of a grid file.</summary>
    internal sealed record DatasetEntry(string? Name, string? Path, int? TrainSamples, int? TestSamples);
}
