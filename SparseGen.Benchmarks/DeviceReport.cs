using SparseGen.IO;
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using SparseGen.Backends.Device;

namespace SparseGen.Benchmarks;

/// <summary>
/// Runs <see cref="DeviceBenchmarks"/> and writes its section of <c>docs/benchmarks.md</c> (between
/// <see cref="Start"/> and <see cref="End"/>; the rest of the file is kept): every case's time and the
/// generated kernel's speed-up over the generic ELL kernel, all from one run.
/// </summary>
internal static class DeviceReport
{
    public const string Start = "<!-- device-report:start -->";
    public const string End = "<!-- device-report:end -->";

    public static int Run(string repositoryRoot)
    {
        string kind = Environment.GetEnvironmentVariable("SPARSEGEN_DEVICE") == "cuda" ? "cuda" : "opencl";
        if (!Accelerator.TryCreate(kind == "cuda" ? AcceleratorKind.Cuda : AcceleratorKind.OpenCL, out Accelerator? device, out string reason))
        {
            Console.Error.WriteLine($"error: {reason}");
            return 1;
        }

        string deviceName = device!.ToString();
        device.Dispose();
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(200)).WithId("InProcess"))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        Summary summary = BenchmarkRunner.Run<DeviceBenchmarks>(config);
        var rows = summary.Reports.Where(r => r.ResultStatistics is not null).Select(r =>
        {
            string[] parts = ((string)r.BenchmarkCase.Parameters["Case"]).Split(" | ");
            return (Layer: $"{parts[0]} {parts[2]} d={parts[1]}", Kernel: parts[3], Batch: (int)r.BenchmarkCase.Parameters["Batch"],
                Pass: r.BenchmarkCase.Descriptor.WorkloadMethod.Name, Nanoseconds: r.ResultStatistics!.Mean);
        }).ToList();

        var text = new StringBuilder();
        text.AppendLine(Start);
        text.AppendLine("## Device kernels: generated vs generic ELL");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Written by `dotnet run -c Release --project SparseGen.Benchmarks -- device-report` (BenchmarkDotNet, in-process, one run) on {deviceName}, {DateTime.UtcNow:yyyy-MM-dd}.");
        text.AppendLine("Each time is one call as the trainer makes it on a one-layer ReLU network: `Forward` uploads the batch, runs `forward` and the activation and downloads the output; `TrainStep` adds `weight_gradient`, `bias_gradient` and the Adam step. `generic ELL` runs the same k-major tables from buffers instead of baked into the program. `speed-up` is the generic kernel's time over the generated one's.");
        text.AppendLine();
        text.AppendLine("| layer | batch | pass | generated | time | generic ELL | speed-up |");
        text.AppendLine("|---|---:|---|---|---:|---:|---:|");
        foreach (var r in rows.Where(r => r.Kernel.StartsWith("generated", StringComparison.Ordinal)).OrderBy(r => r.Layer, StringComparer.Ordinal).ThenBy(r => r.Batch).ThenBy(r => r.Pass, StringComparer.Ordinal))
        {
            var generic = rows.FirstOrDefault(g => g.Layer == r.Layer && g.Batch == r.Batch && g.Pass == r.Pass && g.Kernel == "generic ELL");
            string ratio = generic.Nanoseconds > 0 ? (generic.Nanoseconds / r.Nanoseconds).ToString("F2", CultureInfo.InvariantCulture) + "x" : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Layer} | {r.Batch} | {r.Pass} | {r.Kernel.Replace("generated ", "", StringComparison.Ordinal)} | {Milliseconds(r.Nanoseconds)} | {(generic.Nanoseconds > 0 ? Milliseconds(generic.Nanoseconds) : "")} | {ratio} |");
        }

        text.AppendLine(End);
        string path = Path.Combine(repositoryRoot, "docs", "benchmarks.md");
        AtomicFile.WriteText(path, Replace(File.Exists(path) ? File.ReadAllText(path) : "", text.ToString()));
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>The device section of <paramref name="document"/>, with its markers, or empty.</summary>
    public static string Section(string document)
    {
        int start = document.IndexOf(Start, StringComparison.Ordinal), end = document.IndexOf(End, StringComparison.Ordinal);
        return start >= 0 && end > start ? document[start..(end + End.Length)] + Environment.NewLine : "";
    }

    private static string Replace(string document, string section)
    {
        string old = Section(document).TrimEnd();
        return old.Length > 0 ? document.Replace(old, section.TrimEnd(), StringComparison.Ordinal) : document.TrimEnd() + Environment.NewLine + Environment.NewLine + section;
    }

    private static string Milliseconds(double ns) => (ns / 1e6).ToString("F3", CultureInfo.InvariantCulture) + " ms";
}
