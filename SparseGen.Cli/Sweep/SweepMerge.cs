using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CsvHelper;
using MathNet.Numerics.Statistics;
using SparseGen.Analysis;
using SparseGen.CommandLine;
using SparseGen.IO;
using SparseGen.IO.Svg;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// Gathers the finished points of a grid into <c>results.csv</c> (one row per point), <c>summary.csv</c> (mean and
/// sample standard deviation over the seeds of each data set, network, pattern, density and topology mode) and
/// SVG plots (accuracy and loss against density, one line per pattern, error bars ± one standard deviation).
/// With topology metrics it adds each point's first hidden layer's algebraic connectivity (Bourely 2017,
/// section 4.5) and scatter (Dey et al., section 3.1), their Spearman rank correlation with test accuracy
/// (<c>correlations.csv</c>) and accuracy-against-metric plots. Points that failed or have not run are reported
/// with their index and log; the others still merge.
/// </summary>
internal static class SweepMerge
{
    private static readonly string[] Metrics = ["algebraic_connectivity", "scatter"];

    /// <summary>The value a metric that was not computed (a layer over <c>--spectral-limit</c>) is written as.</summary>
    public const string Skipped = "skipped";

    /// <param name="grid">The grid.</param>
    /// <param name="store">Its points.</param>
    /// <param name="plots">Folder of the plots.</param>
    /// <param name="spectralLimit">With topology metrics, the most nodes whose algebraic connectivity is computed (others are <see cref="Skipped"/>); null: no topology metrics.</param>
    /// <param name="output">Where the table goes.</param>
    /// <param name="error">Where problems go.</param>
    /// <returns>0 when every point merged, <see cref="ExitCodes.Failure"/> when one or more have no result (the rest are merged).</returns>
    public static int Run(Grid grid, PointStore store, string plots, int? spectralLimit, TextWriter output, TextWriter error)
    {
        bool topologyMetrics = spectralLimit is not null;
        var rows = new List<Row>();
        var missing = new List<SweepPoint>();
        var corrupt = new List<(SweepPoint Point, string Why)>();
        foreach (SweepPoint point in grid.Points)
        {
            PointRead read = store.Read(point);
            if (read.Result is { } result)
            {
                rows.Add(new Row(point, result, new Dictionary<string, double>()));
            }
            else if (read.Corrupt is { } why)
            {
                corrupt.Add((point, why));
            }
            else
            {
                missing.Add(point);
            }
        }

        if (corrupt.Count > 0)
        {
            // Never averaged, never written: one line, the first corrupt point named, and nothing merged.
            string more = corrupt.Count > 1 ? $" (and {corrupt.Count - 1} more: points {string.Join(", ", corrupt.Skip(1).Take(10).Select(c => c.Point.Index))}{(corrupt.Count > 11 ? ", ..." : "")})" : "";
            error.WriteLine($"sparsegen: error: point {corrupt[0].Point.Index} of {grid.Name} is corrupt: {corrupt[0].Why}{more}; nothing merged: delete the file or rerun the point (sweep run).");
            return ExitCodes.Failure;
        }

        foreach (SweepPoint point in missing)
        {
            string? failure = store.ReadFailure(point.Index);
            string log = File.Exists(store.LogPath(point.Index)) ? $"; log: {store.LogPath(point.Index)}" : "; no log";
            error.WriteLine($"point {point.Index} ({LocalRunner.Describe(point)}): {(failure is null ? "no result (not run, still running, or killed)" : $"failed: {failure}")}{log}");
        }

        if (rows.Count == 0)
        {
            error.WriteLine($"sparsegen: error: none of the {grid.Points.Count} points of {grid.Name} has a result in {store.Folder}; run them first (sweep run, or sweep submit --slurm).");
            return ExitCodes.Failure;
        }

        if (topologyMetrics)
        {
            AddTopologyMetrics(rows, spectralLimit!.Value, output);
        }

        string[] metrics = topologyMetrics ? Metrics : [];
        var groups = rows.GroupBy(r => (r.Point.Dataset, Hidden: r.Point.HiddenText, r.Point.Pattern, r.Point.Density, r.Point.Topology))
            .Select(g => new Group(g.Key.Dataset, g.Key.Hidden, g.Key.Pattern, g.Key.Density, g.Key.Topology, g.ToList()))
            .OrderBy(g => g.Dataset, StringComparer.Ordinal).ThenBy(g => g.Hidden, StringComparer.Ordinal).ThenBy(g => g.Pattern).ThenBy(g => g.Topology, StringComparer.Ordinal).ThenBy(g => g.Density)
            .ToList();
        WriteResults(Path.Combine(store.Folder, "results.csv"), rows, metrics);
        WriteSummary(Path.Combine(store.Folder, "summary.csv"), groups, metrics);
        output.WriteLine($"{grid.Name}: merged {rows.Count} of {grid.Points.Count} points into {Path.Combine(store.Folder, "results.csv")} and summary.csv");
        PrintTable(output, groups, metrics);

        Directory.CreateDirectory(plots);
        foreach (var net in groups.GroupBy(g => (g.Dataset, g.Hidden)))
        {
            string stem = $"{grid.Name}-{net.Key.Dataset}-h{net.Key.Hidden}";
            bool byTopology = net.GroupBy(g => g.Pattern).Any(p => p.Select(g => g.Topology).Distinct().Count() > 1);
            string title = $"{grid.Name}: {net.Key.Dataset}, hidden {net.Key.Hidden}";
            WritePlot(plots, $"{stem}-test_accuracy.svg", output, DensityPlot(title, "test accuracy (%)", net, byTopology, r => 100 * r.Result.TestAccuracy));
            WritePlot(plots, $"{stem}-test_loss.svg", output, DensityPlot(title, "test loss (cross-entropy)", net, byTopology, r => r.Result.TestLoss));
            foreach (string metric in metrics.Where(m => net.Any(g => g.Pattern != ConnectivityPattern.Dense && g.Rows.All(r => !double.IsNaN(r.Metrics[m])))))
            {
                WritePlot(plots, $"{stem}-test_accuracy-vs-{metric}.svg", output, MetricPlot(title, metric, net));
            }
        }

        if (topologyMetrics)
        {
            WriteCorrelations(Path.Combine(store.Folder, "correlations.csv"), rows, groups, output);
        }

        return missing.Count == 0 ? 0 : ExitCodes.Failure;
    }

    /// <summary>
    /// Adds each row's metrics of its first hidden layer; algebraic connectivity only for a layer of at most
    /// <paramref name="spectralLimit"/> nodes (<c>inputs + units</c>, counted in 64 bits), NaN (written <see cref="Skipped"/>) otherwise.
    /// </summary>
    private static void AddTopologyMetrics(List<Row> rows, int spectralLimit, TextWriter output)
    {
        var cache = new ConcurrentDictionary<(ConnectivityPattern, int, int, double, ulong), double[]>();
        var keys = rows.Select(Key).Distinct().ToArray();
        Parallel.ForEach(keys, key =>
        {
            Topology topology = Topology.Create(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5);
            bool spectral = (long)key.Item2 + key.Item3 <= spectralLimit;
            cache[key] = [spectral ? TopologyAnalysis.AlgebraicConnectivity(topology) : double.NaN, TopologyAnalysis.Scatter(topology).Value];
        });
        foreach (var (inputs, units) in keys.Where(k => (long)k.Item2 + k.Item3 > spectralLimit).Select(k => (k.Item2, k.Item3)).Distinct())
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"algebraic connectivity skipped for the {inputs} x {units} layer: {(long)inputs + units} nodes exceed --spectral-limit {spectralLimit}"));
        }

        foreach (Row row in rows)
        {
            double[] values = cache[Key(row)];
            row.Metrics["algebraic_connectivity"] = values[0];
            row.Metrics["scatter"] = values[1];
        }

        static (ConnectivityPattern, int, int, double, ulong) Key(Row r) =>
            (r.Point.Pattern, r.Result.Inputs, r.Point.Hidden[0], r.Point.Density, Topology.UsesSeed(r.Point.Pattern) ? r.Point.TopologySeed : 0);
    }

    private static LinePlot DensityPlot(string title, string label, IEnumerable<Group> groups, bool byTopology, Func<Row, double> value)
    {
        var plot = new LinePlot { Title = title, XLabel = "density of the hidden layers (log scale)", YLabel = label + ", mean ± std over seeds", LogX = true };
        foreach (var series in groups.GroupBy(g => (g.Pattern, g.Topology)))
        {
            string name = byTopology ? $"{series.Key.Pattern}, topology {series.Key.Topology}" : series.Key.Pattern.ToString();
            plot.Series.Add(new PlotSeries(name, series.Select(g => Point(g.Density, g.Rows.Select(value).ToArray())).ToList(), Style: byTopology ? null : (int)series.Key.Pattern));
        }

        return plot;
    }

    private static LinePlot MetricPlot(string title, string metric, IEnumerable<Group> groups)
    {
        var plot = new LinePlot { Title = title, XLabel = $"{metric.Replace('_', ' ')} of the first hidden layer (sparse patterns)", YLabel = "test accuracy (%), mean ± std over seeds" };
        foreach (var series in groups.Where(g => g.Pattern != ConnectivityPattern.Dense && g.Rows.All(r => !double.IsNaN(r.Metrics[metric]))).GroupBy(g => g.Pattern))
        {
            plot.Series.Add(new PlotSeries(series.Key.ToString(), series.Select(g => Point(g.Rows.Average(r => r.Metrics[metric]), g.Rows.Select(r => 100 * r.Result.TestAccuracy).ToArray())).ToList(), Line: false, Style: (int)series.Key));
        }

        return plot;
    }

    private static PlotPoint Point(double x, double[] values) => new(x, values.Average(), Std(values));

    private static void WritePlot(string folder, string name, TextWriter output, LinePlot plot)
    {
        string path = Path.Combine(folder, name);
        AtomicFile.WriteText(path, plot.Render());
        output.WriteLine($"wrote {path}");
    }

    private static void WriteResults(string path, List<Row> rows, string[] metrics) => WriteCsv(path, csv =>
    {
        string[] header = ["index", "dataset", "hidden", "pattern", "density", "topology", "topology_seed", "seed", "epochs", "test_accuracy", "test_loss", "train_accuracy", "train_loss", "train_seconds", "parameters", "hidden_edges"];
        Record(csv, header.Concat(metrics));
        foreach (Row r in rows)
        {
            Record(csv, new object[] { r.Point.Index, r.Point.Dataset, r.Point.HiddenText, r.Point.Pattern, r.Point.Density, r.Point.Topology, r.Point.TopologySeed, r.Point.Seed, r.Result.Epochs,
                r.Result.TestAccuracy, r.Result.TestLoss, r.Result.TrainAccuracy, r.Result.TrainLoss, r.Result.TrainSeconds, r.Result.Parameters, r.Result.HiddenEdges }
                .Concat(metrics.Select(m => (object)r.Metrics[m])));
        }
    });

    private static void WriteSummary(string path, List<Group> groups, string[] metrics) => WriteCsv(path, csv =>
    {
        string[] header = ["dataset", "hidden", "pattern", "density", "topology", "runs", "test_accuracy_mean", "test_accuracy_std", "test_accuracy_variance", "test_loss_mean", "test_loss_std", "test_loss_variance", "train_accuracy_mean", "train_loss_mean", "parameters"];
        Record(csv, header.Concat(metrics.Select(m => m + "_mean")));
        foreach (Group g in groups)
        {
            double[] accuracy = g.Rows.Select(r => r.Result.TestAccuracy).ToArray(), loss = g.Rows.Select(r => r.Result.TestLoss).ToArray();
            Record(csv, new object[] { g.Dataset, g.Hidden, g.Pattern, g.Density, g.Topology, g.Rows.Count, accuracy.Average(), Std(accuracy), Math.Pow(Std(accuracy), 2),
                loss.Average(), Std(loss), Math.Pow(Std(loss), 2), g.Rows.Average(r => r.Result.TrainAccuracy), g.Rows.Average(r => r.Result.TrainLoss), g.Rows[0].Result.Parameters }
                .Concat(metrics.Select(m => (object)g.Rows.Average(r => r.Metrics[m]))));
        }
    });

    private static void WriteCorrelations(string path, List<Row> rows, List<Group> groups, TextWriter output) => WriteCsv(path, csv =>
    {
        Record(csv, ["dataset", "hidden", "metric", "over", "n", "spearman"]);
        foreach (var all in rows.Where(r => r.Point.Pattern != ConnectivityPattern.Dense).GroupBy(r => (r.Point.Dataset, Hidden: r.Point.HiddenText)))
        {
            foreach (string metric in Metrics)
            {
                // A skipped metric (NaN) is left out of its correlations.
                var net = all.Where(r => !double.IsNaN(r.Metrics[metric])).GroupBy(_ => all.Key).FirstOrDefault();
                if (net is null)
                {
                    continue;
                }

                var means = groups.Where(g => g.Dataset == net.Key.Dataset && g.Hidden == net.Key.Hidden && g.Pattern != ConnectivityPattern.Dense && g.Rows.All(r => !double.IsNaN(r.Metrics[metric]))).ToList();
                // Over every sparse run, over the pattern-density means, and over the runs of each density (patterns compared at equal density, as Bourely's Fig. 3 and Dey et al. compare them).
                var sets = new List<(string Over, double[] X, double[] Y)>
                {
                    ("runs", net.Select(r => r.Metrics[metric]).ToArray(), net.Select(r => r.Result.TestAccuracy).ToArray()),
                    ("means", means.Select(g => g.Rows.Average(r => r.Metrics[metric])).ToArray(), means.Select(g => g.Rows.Average(r => r.Result.TestAccuracy)).ToArray()),
                };
                foreach (var density in net.GroupBy(r => r.Point.Density).OrderBy(d => d.Key))
                {
                    sets.Add((string.Create(CultureInfo.InvariantCulture, $"runs at density {density.Key}"), density.Select(r => r.Metrics[metric]).ToArray(), density.Select(r => r.Result.TestAccuracy).ToArray()));
                }

                foreach (var (over, x, y) in sets)
                {
                    if (x.Length < 3)
                    {
                        continue;
                    }

                    double rho = Correlation.Spearman(x, y);
                    Record(csv, [net.Key.Dataset, net.Key.Hidden, metric, over, x.Length, rho]);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Spearman correlation of {metric} and test accuracy, {net.Key.Dataset} hidden {net.Key.Hidden}, over {x.Length} sparse {(over == "means" ? "pattern-density means" : over)}: {rho:F3}"));
                }
            }
        }
    });

    private static void PrintTable(TextWriter output, List<Group> groups, string[] metrics)
    {
        bool byTopology = groups.Select(g => g.Topology).Distinct().Count() > 1;
        output.WriteLine();
        output.WriteLine($"| data | hidden | pattern | density |{(byTopology ? " topology |" : string.Empty)} runs | test accuracy (%) | test loss | train accuracy (%) |{string.Concat(metrics.Select(m => $" {m.Replace('_', ' ')} |"))}");
        output.WriteLine($"|---|---|---|---:|{(byTopology ? "---|" : string.Empty)}---:|---:|---:|---:|{string.Concat(metrics.Select(_ => "---:|"))}");
        foreach (Group g in groups)
        {
            double[] accuracy = g.Rows.Select(r => 100 * r.Result.TestAccuracy).ToArray(), loss = g.Rows.Select(r => r.Result.TestLoss).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Dataset} | {g.Hidden} | {g.Pattern} | {g.Density} |{(byTopology ? $" {g.Topology} |" : string.Empty)} {g.Rows.Count} | {accuracy.Average():F2} ± {Std(accuracy):F2} | {loss.Average():F4} ± {Std(loss):F4} | {100 * g.Rows.Average(r => r.Result.TrainAccuracy):F2} |{string.Concat(metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $" {Metric(g.Rows.Average(r => r.Metrics[m]))} |")))}"));
        }

        output.WriteLine();
    }

    private static string Metric(double value) => double.IsNaN(value) ? Skipped : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Sample standard deviation (n - 1); 0 for a single value.</summary>
    private static double Std(double[] values) => values.Length < 2 ? 0 : values.StandardDeviation();

    private static void WriteCsv(string path, Action<CsvWriter> write) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        write(csv);
    });

    private static void Record(CsvWriter csv, IEnumerable<object> fields)
    {
        foreach (object field in fields)
        {
            csv.WriteField(field switch
            {
                double d when double.IsNaN(d) => Skipped,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => field.ToString(),
            });
        }

        csv.NextRecord();
    }

    private sealed record Row(SweepPoint Point, RunSummary Result, Dictionary<string, double> Metrics);

    private sealed record Group(string Dataset, string Hidden, ConnectivityPattern Pattern, double Density, string Topology, List<Row> Rows);
}
