using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using SparseGen;
using SparseGen.Analysis;
using SparseGen.CommandLine;
using SparseGen.IO;

const int MaxSize = 10_000_000;
var patternOption = ValueOptions.Choice("--pattern", "Connectivity pattern.", ConnectivityPattern.Uniform);
var inputsOption = ValueOptions.Integer("--inputs", "Inputs of the layer (nin).", 784, 1, MaxSize);
var unitsOption = ValueOptions.Integer("--units", "Units of the layer (nout).", 250, 1, MaxSize);
var densityOption = ValueOptions.Number("--density", "Density.", 0.1, 0, 1);
var seedOption = ValueOptions.Seed("--seed", "Topology seed (seeded patterns only).", 42);
var compareOption = ValueOptions.Integer("--compare-seeds", "Also build N topologies from seeds seed .. seed+N-1 and print their mean pairwise structure variation (Luo eq. 8); 0 or 1 builds none.", 0, 0, 100);
var mtxOption = ValueOptions.Path("--mtx", "Export the topology as a Matrix Market coordinate pattern file.");
var svgOption = ValueOptions.Path("--svg", "Export a picture of the biadjacency matrix as SVG (sides up to 2048).");
var spectralOption = ValueOptions.Integer("--spectral-limit", "Compute algebraic connectivity only up to this many nodes (nin + nout); it is a dense O(n^3) eigendecomposition.", 4000, 0, MaxSize);
var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object with the metrics instead of text." };
var threadsOption = ValueOptions.Threads("The --compare-seeds topologies and their pairs, and the two spectral metrics, are computed in parallel; the results do not depend on it.");

var root = new RootCommand("Prints the topology metrics of one sparse layer: degrees, model-space size (Luo 2020), scatter (Dey et al.), algebraic connectivity and spectral gap (Bourely et al. 2017).")
{
    patternOption, inputsOption, unitsOption, densityOption, seedOption, compareOption, mtxOption, svgOption, spectralOption, jsonOption, threadsOption,
};
root.SetAction(parse =>
{
    var pattern = parse.GetValue(patternOption);
    int inputs = parse.GetValue(inputsOption), units = parse.GetValue(unitsOption);
    double density = parse.GetValue(densityOption);
    ulong seed = parse.GetValue(seedOption);
    int compare = parse.GetValue(compareOption), threads = parse.GetValue(threadsOption);
    string? mtxPath = parse.GetValue(mtxOption), svgPath = parse.GetValue(svgOption);
    if (Conventions.Examples.CheckOutputs(("--mtx", mtxPath), ("--svg", svgPath)) is { } badOutput)
    {
        return Conventions.Examples.Fail(badOutput, ExitCodes.UsageError);
    }

    // The checks Topology.Create makes, as the generator words them, so a bad value is a usage error before any work.
    long edgeCount = Topology.EdgeCountFor(pattern, inputs, units, density);
    string? badLayer = pattern == ConnectivityPattern.Dense && density != 1.0 ? "--density: the Dense pattern connects every pair, so its density must be 1; use Uniform for a sparse layer"
        : edgeCount < 1 ? $"--density: {density.ToString(CultureInfo.InvariantCulture)} gives the {inputs} x {units} layer 0 edges ({(Topology.UsesDegree(pattern) ? "the degree round(density * units)" : "round(density * inputs * units)")} = 0); raise it"
        : edgeCount > Topology.MaxEdgeCount ? $"--density: {inputs} x {units} at density {density.ToString(CultureInfo.InvariantCulture)} has {edgeCount} edges; a layer holds at most {Topology.MaxEdgeCount}"
        : null;
    if (badLayer is not null)
    {
        return Conventions.Examples.Fail(badLayer, ExitCodes.UsageError);
    }

    Topology topology;
    try
    {
        topology = Topology.Create(pattern, inputs, units, density, seed);
    }
    catch (OutOfMemoryException)
    {
        return Conventions.Examples.Fail($"{edgeCount} edges of a {inputs} x {units} layer do not fit in memory; lower the density or the sizes", ExitCodes.Failure);
    }

    var degrees = TopologyAnalysis.Degrees(topology);
    var scatter = TopologyAnalysis.Scatter(topology);
    bool spectral = (long)inputs + units <= parse.GetValue(spectralOption);
    double? connectivity = null, gap = null;
    if (spectral)
    {
        Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => connectivity = TopologyAnalysis.AlgebraicConnectivity(topology),
            () => gap = TopologyAnalysis.SpectralGap(topology));
    }

    double log10Space = TopologyAnalysis.Log10ModelSpace(inputs, units, topology.EdgeCount);
    double? variation = null;
    if (compare >= 2)
    {
        // Ordered, so the mean adds the pairs in the same order on any number of threads.
        Topology[] seeded = Enumerable.Range(0, compare).AsParallel().AsOrdered().WithDegreeOfParallelism(threads)
            .Select(k => Topology.Create(pattern, inputs, units, density, seed + (ulong)k)).ToArray();
        variation = Enumerable.Range(0, compare).SelectMany(a => Enumerable.Range(a + 1, compare - a - 1).Select(b => (a, b)))
            .AsParallel().AsOrdered().WithDegreeOfParallelism(threads)
            .Select(p => TopologyAnalysis.StructureVariation(seeded[p.a], seeded[p.b])).ToArray().Average();
    }

    string title = $"{pattern} {inputs} x {units}, density {density.ToString(CultureInfo.InvariantCulture)}" + (Topology.UsesSeed(pattern) ? $", seed {seed}" : " (deterministic)");
    try
    {
        if (mtxPath is not null)
        {
            MatrixMarket.Write(topology, mtxPath, title);
        }

        if (svgPath is not null)
        {
            TopologySvg.Write(topology, svgPath, title);
        }
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
    {
        return Conventions.Examples.Fail(e.Message, ExitCodes.Failure);
    }

    if (parse.GetValue(jsonOption))
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            pattern = pattern.ToString(),
            inputs,
            units,
            density = topology.Density,
            seed,
            edges = topology.EdgeCount,
            fan_in_min = degrees.FanInMin,
            fan_in_max = degrees.FanInMax,
            fan_in_mean = degrees.FanInMean,
            fan_out_min = degrees.FanOutMin,
            fan_out_max = degrees.FanOutMax,
            fan_out_mean = degrees.FanOutMean,
            log10_model_space = log10Space,
            algebraic_connectivity = connectivity,
            spectral_gap = gap,
            scatter = scatter.Value,
            scatter_forward = scatter.Forward,
            scatter_backward = scatter.Backward,
            fingerprint = $"0x{topology.Fingerprint:X16}",
            structure_variation = variation,
        }));
        return 0;
    }

    Console.WriteLine(title);
    Console.WriteLine($"  edges                   {topology.EdgeCount} (density {topology.Density:G6})");
    Console.WriteLine($"  fan-in                  {degrees.FanInMin} .. {degrees.FanInMax} (mean {degrees.FanInMean:F2})");
    Console.WriteLine($"  fan-out                 {degrees.FanOutMin} .. {degrees.FanOutMax} (mean {degrees.FanOutMean:F2})");
    Console.WriteLine($"  log10 model space (USN) {log10Space:F2}");
    Console.WriteLine($"  scatter                 {scatter.Value:F4} (forward {scatter.Forward:F4}, backward {scatter.Backward:F4})");
    Console.WriteLine(spectral
        ? $"  algebraic connectivity  {connectivity:F4}\n  spectral gap            {gap:F4}"
        : $"  algebraic connectivity  not computed: {inputs + units} nodes exceed --spectral-limit");
    Console.WriteLine($"  fingerprint             0x{topology.Fingerprint:X16}");
    if (variation is not null)
    {
        Console.WriteLine($"  structure variation     {variation:F4} (mean over {compare} seeds)");
    }

    return 0;
});
return Conventions.Examples.Run(root, args);
