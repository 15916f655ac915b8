using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using SparseGen.Analysis;
using SparseGen.CommandLine;
using SparseGen.IO;

namespace SparseGen.Cli.Commands;

/// <summary><c>sparsegen explore</c>: the topology metrics of one layer (SparseGen.Analysis.TopologyAnalysis), with Matrix Market and SVG export.</summary>
internal static class ExploreCommand
{
    /// <summary>The most topologies <c>--compare-seeds</c> builds: their pairwise comparisons grow as N^2.</summary>
    public const int MaxCompareSeeds = 1000;

    public static Command Create()
    {
        var pattern = new Option<ConnectivityPattern>("--pattern") { Description = $"Connectivity pattern: {string.Join(", ", Enum.GetNames<ConnectivityPattern>())}.", HelpName = "pattern", DefaultValueFactory = _ => ConnectivityPattern.Uniform };
        var inputs = ValueOptions.Positive("--inputs", "Inputs of the layer (nin).", 784);
        var units = ValueOptions.Positive("--units", "Units of the layer (nout).", 250);
        var density = Options.Density("--density", "Density in (0, 1].", 0.1);
        var seed = ValueOptions.Number<ulong>("--seed", "Topology seed (seeded patterns only).");
        seed.DefaultValueFactory = _ => 42;
        var compare = ValueOptions.Number<int>("--compare-seeds", $"Also build N topologies from seeds seed .. seed+N-1 and print their mean pairwise structure variation (Luo 2020, eq. 8); 0 (off) or 2 .. {MaxCompareSeeds}.",
            n => n is < 0 or 1 or > MaxCompareSeeds ? $"--compare-seeds must be 0 (off) or from 2 to {MaxCompareSeeds}, was {n}." : null);
        var mtx = new Option<FileInfo>("--mtx") { Description = "Export the topology as a Matrix Market coordinate pattern file." };
        var svg = new Option<FileInfo>("--svg") { Description = "Export a picture of the biadjacency matrix as SVG." };
        var spectral = Options.SpectralLimit("Compute algebraic connectivity and spectral gap only up to this many nodes (nin + nout); a dense O(n^3) eigendecomposition.");
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the metrics instead of text." };
        var command = new Command("explore", "Prints the topology metrics of one sparse layer: degrees, model-space size (Luo 2020), scatter (Dey et al.), algebraic connectivity and spectral gap (Bourely et al. 2017).")
        {
            pattern, inputs, units, density, seed, compare, mtx, svg, spectral, json,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            ConnectivityPattern p = parse.GetValue(pattern);
            int nin = parse.GetValue(inputs), nout = parse.GetValue(units), seeds = parse.GetValue(compare);
            double d = parse.GetValue(density);
            ulong s = parse.GetValue(seed);
            Options.CheckPattern(p, d, "--density");
            string? mtxPath = parse.GetValue(mtx)?.FullName, svgPath = parse.GetValue(svg)?.FullName;
            Conventions.Sparsegen.RequireOutputs(("--mtx", mtxPath), ("--svg", svgPath));
            Topology topology;
            try
            {
                topology = Topology.Create(p, nin, nout, d, s);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Split('\n')[0]);
            }

            var degrees = TopologyAnalysis.Degrees(topology);
            var scatter = TopologyAnalysis.Scatter(topology);
            bool spectralDone = nin + nout <= parse.GetValue(spectral);
            double? connectivity = spectralDone ? TopologyAnalysis.AlgebraicConnectivity(topology) : null;
            double? gap = spectralDone ? TopologyAnalysis.SpectralGap(topology) : null;
            double log10Space = TopologyAnalysis.Log10ModelSpace(nin, nout, topology.EdgeCount);
            double? variation = seeds >= 2
                ? Enumerable.Range(0, seeds).SelectMany(a => Enumerable.Range(a + 1, seeds - a - 1).Select(b => (a, b)))
                    .Select(pair => TopologyAnalysis.StructureVariation(Topology.Create(p, nin, nout, d, s + (ulong)pair.a), Topology.Create(p, nin, nout, d, s + (ulong)pair.b)))
                    .Average()
                : null;
            string title = string.Create(CultureInfo.InvariantCulture, $"{p} {nin} x {nout}, density {d}") + (Topology.UsesSeed(p) ? $", seed {s}" : " (deterministic)");
            if (mtxPath is not null)
            {
                MatrixMarket.Write(topology, mtxPath, title);
            }

            if (svgPath is not null)
            {
                TopologySvg.Write(topology, svgPath, title);
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(
                    new ExploreSummary(
                        p.ToString(), nin, nout, topology.Density, s, topology.EdgeCount,
                        degrees.FanInMin, degrees.FanInMax, degrees.FanInMean, degrees.FanOutMin, degrees.FanOutMax, degrees.FanOutMean,
                        log10Space, connectivity, gap, scatter.Value, scatter.Forward, scatter.Backward,
                        $"0x{topology.Fingerprint:X16}", variation),
                    ExploreJson.Default.ExploreSummary));
                return 0;
            }

            output.WriteLine(title);
            output.WriteLine(Invariant($"  edges                   {topology.EdgeCount} (density {topology.Density:G6})"));
            output.WriteLine(Invariant($"  fan-in                  {degrees.FanInMin} .. {degrees.FanInMax} (mean {degrees.FanInMean:F2})"));
            output.WriteLine(Invariant($"  fan-out                 {degrees.FanOutMin} .. {degrees.FanOutMax} (mean {degrees.FanOutMean:F2})"));
            output.WriteLine(Invariant($"  log10 model space (USN) {log10Space:F2}"));
            output.WriteLine(Invariant($"  scatter                 {scatter.Value:F4} (forward {scatter.Forward:F4}, backward {scatter.Backward:F4})"));
            output.WriteLine(spectralDone
                ? Invariant($"  algebraic connectivity  {connectivity:F4}\n  spectral gap            {gap:F4}")
                : $"  algebraic connectivity  not computed: {nin + nout} nodes exceed --spectral-limit");
            output.WriteLine($"  fingerprint             0x{topology.Fingerprint:X16}");
            if (variation is not null)
            {
                output.WriteLine(Invariant($"  structure variation     {variation:F4} (mean over {seeds} seeds)"));
            }

            if (mtxPath is not null)
            {
                output.WriteLine($"wrote {mtxPath}");
            }

            if (svgPath is not null)
            {
                output.WriteLine($"wrote {svgPath}");
            }

            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The line <c>explore --json</c> prints; null where a metric was not computed.</summary>
internal sealed record ExploreSummary(
    string Pattern, int Inputs, int Units, double Density, ulong Seed, int Edges,
    int FanInMin, int FanInMax, double FanInMean, int FanOutMin, int FanOutMax, double FanOutMean,
    [property: JsonPropertyName("log10_model_space")] double Log10ModelSpace, double? AlgebraicConnectivity, double? SpectralGap,
    double Scatter, double ScatterForward, double ScatterBackward, string Fingerprint, double? StructureVariation);

/// <summary>Source-generated JSON of <see cref="ExploreSummary"/> (snake_case names, one line).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ExploreSummary))]
internal sealed partial class ExploreJson : JsonSerializerContext;
