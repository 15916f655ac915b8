using SparseGen.IO;
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace SparseGen.Benchmarks;

/// <summary>
/// Runs <see cref="KernelBenchmarks"/> and writes <c>docs/benchmarks.md</c>: the machine, every case's time,
/// useful GFLOP/s and its ratios to the generic ELL kernel and to dense, all taken in one run, and the
/// headline ratios the README quotes.
/// </summary>
internal static class BenchmarkReport
{
    public static int Run(string repositoryRoot, string[] filter)
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(120)).WithId("InProcess"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        Summary summary = filter.Length == 0
            ? BenchmarkRunner.Run<KernelBenchmarks>(config)
            : BenchmarkSwitcher.FromTypes([typeof(KernelBenchmarks)]).Run(filter, config).Single();
        var rows = summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new Row(
                (string)r.BenchmarkCase.Parameters["Case"],
                (int)r.BenchmarkCase.Parameters["Batch"],
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.ResultStatistics!.Mean))
            .ToList();
        string path = Path.Combine(repositoryRoot, "docs", "benchmarks.md");
        // Everything from the marker on (the sections other commands write) is kept as it is.
        string document = File.Exists(path) ? File.ReadAllText(path) : "";
        int kept = document.IndexOf(End, StringComparison.Ordinal);
        AtomicFile.WriteText(path, Markdown(rows, summary) + (kept >= 0 ? Environment.NewLine + document[kept..] : ""));
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>Where this report's part of docs/benchmarks.md ends.</summary>
    public const string End = "<!-- kernel-report:end -->";

    private sealed record Row(string Case, int Batch, string Pass, double Nanoseconds)
    {
        private string[] Parts => Case.Split(" | ");

        public string Shape => Parts[0];

        public double Density => double.Parse(Parts[1], CultureInfo.InvariantCulture);

        public string Kernel => Parts[2];

        public long Edges
        {
            get
            {
                int[] size = Shape.Split('x').Select(int.Parse).ToArray();
                return Kernel.Contains("Dense", StringComparison.Ordinal) || Kernel == "dense" ? (long)size[0] * size[1]
                    : Kernel.Contains("RegularRotating", StringComparison.Ordinal) ? (long)Topology.DegreeFor(size[1], Density) * size[0]
                    : Topology.EdgeCountFor(size[0], size[1], Density);
            }
        }

        /// <summary>Useful floating-point operations: 2 per edge and sample forward, 4 backward (dW and dX), 6 for a step.</summary>
        public double GigaflopsPerSecond => Pass switch { "Forward" => 2.0, "Backward" => 4.0, _ => 6.0 } * Batch * Edges / Nanoseconds;
    }

    private static string Markdown(List<Row> rows, Summary summary)
    {
        var text = new StringBuilder();
        var host = summary.HostEnvironmentInfo;
        text.AppendLine("# Benchmarks: generated vs generic vs dense");
        text.AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project SparseGen.Benchmarks -- report` (BenchmarkDotNet, in-process, one run: every ratio below compares times taken in that run).");
        text.AppendLine();
        text.AppendLine("Whole training runs against PyTorch, threads, the first call, the training profile, batch-1 latency and the dense kernels against OpenBLAS: [CPU speed](#cpu-speed-sparsegen-against-pytorch), further down.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {host.CpuInfo.Value?.ProcessorName ?? "unknown CPU"}, {Environment.ProcessorCount} logical cores, {host.OsVersion.Value}, {host.RuntimeVersion}, single-threaded kernels. Run on {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine();
        text.AppendLine("Useful GFLOP/s count 2 operations per edge and sample forward, 4 backward (`dW` and `dX`) and 6 for a training step (forward, backward, SGD update), whatever the kernel does. `vs ELL` is the generic ELL kernel's time over this kernel's for the same topology (above 1: faster than ELL); `vs dense` the dense kernel's time over this one's at the same shape.");
        text.AppendLine();
        text.AppendLine("## Headline");
        text.AppendLine();
        foreach (string line in Headline(rows))
        {
            text.AppendLine("- " + line);
        }

        foreach (var shape in rows.GroupBy(r => r.Shape))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## Layer {shape.Key}");
            text.AppendLine();
            text.AppendLine("| density | batch | pass | kernel | time | GFLOP/s | vs ELL | vs dense |");
            text.AppendLine("|---:|---:|---|---|---:|---:|---:|---:|");
            foreach (Row r in shape.OrderBy(r => r.Density).ThenBy(r => r.Batch).ThenBy(r => r.Pass).ThenBy(r => r.Kernel, StringComparer.Ordinal))
            {
                double? ell = Ell(rows, r) is { } e ? e.Nanoseconds / r.Nanoseconds : null;
                double? dense = Find(rows, r, "dense") is { } d ? d.Nanoseconds / r.Nanoseconds : null;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Density} | {r.Batch} | {r.Pass} | {r.Kernel} | {Time(r.Nanoseconds)} | {r.GigaflopsPerSecond:F2} | {Ratio(ell)} | {Ratio(dense)} |");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Headline(List<Row> rows)
    {
        foreach (string pattern in new[] { "Uniform", "RegularRotating" })
        {
            foreach (int batch in new[] { 1, 32, 256 })
            {
                var ratios = rows.Where(r => r.Batch == batch && r.Pass == "Forward" && r.Kernel.StartsWith("generated", StringComparison.Ordinal) && r.Kernel.Contains(pattern, StringComparison.Ordinal))
                    .Select(r => (r, ratio: Ell(rows, r)!.Nanoseconds / r.Nanoseconds)).ToArray();
                if (ratios.Length > 0)
                {
                    yield return string.Create(CultureInfo.InvariantCulture,
                        $"{pattern}, batch {batch}, forward: generated vs generic ELL {ratios.Min(x => x.ratio):F2}x to {ratios.Max(x => x.ratio):F2}x ({string.Join("; ", ratios.Select(x => $"{x.r.Shape} d={x.r.Density} {x.r.Kernel.Replace("generated ", string.Empty)} {x.ratio:F2}x"))})");
                }
            }
        }

        foreach (Row r in rows.Where(r => r.Batch == 256 && r.Pass == "Forward" && r.Density < 1 && (r.Kernel.StartsWith("generated", StringComparison.Ordinal) || r.Kernel.StartsWith("generic ELL (Uniform)", StringComparison.Ordinal))))
        {
            Row? dense = Find(rows, r, "dense");
            if (dense is not null)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"batch 256 forward, {r.Shape} d={r.Density}, {r.Kernel}: {r.GigaflopsPerSecond:F2} GFLOP/s = {100 * r.GigaflopsPerSecond / dense.GigaflopsPerSecond:F0} % of dense's {dense.GigaflopsPerSecond:F2} GFLOP/s");
            }
        }
    }

    private static Row? Ell(List<Row> rows, Row r)
    {
        string pattern = r.Kernel.Contains("RegularRotating", StringComparison.Ordinal) ? "RegularRotating" : "Uniform";
        return Find(rows, r, $"generic ELL ({pattern})");
    }

    private static Row? Find(List<Row> rows, Row like, string kernel) =>
        rows.FirstOrDefault(x => x.Shape == like.Shape && x.Density == like.Density && x.Batch == like.Batch && x.Pass == like.Pass && x.Kernel == kernel);

    private static string Ratio(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "x" : "";

    private static string Time(double ns) => ns switch
    {
        < 1e3 => ns.ToString("F0", CultureInfo.InvariantCulture) + " ns",
        < 1e6 => (ns / 1e3).ToString("F1", CultureInfo.InvariantCulture) + " µs",
        _ => (ns / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " ms",
    };
}
