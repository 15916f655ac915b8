using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.Analysis;
using SparseGen.IO;

var patternOption = new Option<ConnectivityPattern>("--pattern") { Description = "Connectivity pattern.", DefaultValueFactory = _ => ConnectivityPattern.Uniform };
var inputsOption = new Option<int>("--inputs") { Description = "Inputs of the layer (nin).", DefaultValueFactory = _ => 784 };
var unitsOption = new Option<int>("--units") { Description = "Outputs of the layer (nout).", DefaultValueFactory = _ => 250 };
var densityOption = new Option<double>("--density") { Description = "Density in [0, 1].", DefaultValueFactory = _ => 0.1 };
var seedOption = new Option<ulong>("--seed") { Description = "Topology seed (seeded patterns only).", DefaultValueFactory = _ => 42 };
var compareOption = new Option<int>("--compare-seeds") { Description = "Also build N topologies from seeds seed .. seed+N-1 and print their mean pairwise structure variation (Luo eq. 8)." };
var mtxOption = new Option<FileInfo>("--mtx") { Description = "Export the topology as a Matrix Market coordinate pattern file." };
var svgOption = new Option<FileInfo>("--svg") { Description = "Export a picture of the biadjacency matrix as SVG (sides up to 2048)." };
var spectralOption = new Option<int>("--spectral-limit") { Description = "Compute algebraic connectivity only up to this many nodes (nin + nout); it is a dense O(n^3) eigendecomposition.", DefaultValueFactory = _ => 4000 };
var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object with the metrics instead of text." };

var root = new RootCommand("Prints the topology metrics of one sparse layer: degrees, model-space size (Luo 2020), scatter (Dey et al.), algebraic connectivity and spectral gap (Bourely et al. 2017).")
{
    patternOption, inputsOption, unitsOption, densityOption, seedOption, compareOption, mtxOption, svgOption, spectralOption, jsonOption,
};
root.SetAction(parse =>
{
    var pattern = parse.GetValue(patternOption);
    int inputs = parse.GetValue(inputsOption), units = parse.GetValue(unitsOption);
    double density = parse.GetValue(densityOption);
    ulong seed = parse.GetValue(seedOption);
    int compare = parse.GetValue(compareOption);
    Topology topology;
    try
    {
        topology = Topology.Create(pattern, inputs, units, density, seed);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }

    var degrees = TopologyAnalysis.Degrees(topology);
    var scatter = TopologyAnalysis.Scatter(topology);
    bool spectral = inputs + units <= parse.GetValue(spectralOption);
    double? connectivity = spectral ? TopologyAnalysis.AlgebraicConnectivity(topology) : null;
    double? gap = spectral ? TopologyAnalysis.SpectralGap(topology) : null;
    double log10Space = TopologyAnalysis.Log10ModelSpace(inputs, units, topology.EdgeCount);
    double? variation = compare >= 2
        ? Enumerable.Range(0, compare).SelectMany(a => Enumerable.Range(a + 1, compare - a - 1).Select(b => (a, b)))
            .Select(p => TopologyAnalysis.StructureVariation(
                Topology.Create(pattern, inputs, units, density, seed + (ulong)p.a),
                Topology.Create(pattern, inputs, units, density, seed + (ulong)p.b)))
            .Average()
        : null;

    string title = $"{pattern} {inputs} x {units}, density {density.ToString(CultureInfo.InvariantCulture)}" + (Topology.UsesSeed(pattern) ? $", seed {seed}" : " (deterministic)");
    try
    {
        if (parse.GetValue(mtxOption) is { } mtx)
        {
            MatrixMarket.Write(topology, mtx.FullName, title);
        }

        if (parse.GetValue(svgOption) is { } svg)
        {
            TopologySvg.Write(topology, svg.FullName, title);
        }
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
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
return root.Parse(args).Invoke();
