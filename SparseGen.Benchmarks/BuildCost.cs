extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SparseGen.Core.Formats;
using SparseGen.IO;
using SparseGen.Kernels;
using SparseModelGenerator = generator::SparseGen.Generator.SparseModelGenerator;

namespace SparseGen.Benchmarks;

/// <summary>
/// What the generator costs at build time (docs/learned-topologies.md, "Compile-time cost"): the generator's own
/// time in an in-memory compilation, the size of what it emits, the wall-clock time of a clean <c>dotnet build</c>
/// of a project holding only that model, and the peak memory of that build with the compiler in its own process
/// (<c>/usr/bin/time</c>'s maximum resident set size, which also covers MSBuild); then, for the large layers, how
/// long their tables take to build when the kernel is first used.
/// </summary>
/// <remarks>
/// <c>build-cost</c> runs every case; <c>build-cost --baseline DIR</c> adds the same builds against another
/// checkout's generator and runtime (such as the commit before seeded tables stopped being baked), in the same run.
/// </remarks>
internal static class BuildCost
{
    /// <summary>One model to build: its source, its topology files, what the table says about it.</summary>
    private sealed record Case(string Name, string Source, long Edges, string Strategies, IReadOnlyList<(string Name, string Text)> Files);

    public static int Run(string repositoryRoot, string[] args)
    {
        string? baseline = args is ["--baseline", var dir, ..] ? Path.GetFullPath(dir) : null;
        if (baseline is not null && !File.Exists(Path.Combine(baseline, "SparseGen.Generator", "SparseGen.Generator.csproj")))
        {
            Console.Error.WriteLine($"error: --baseline: '{baseline}' holds no SparseGen.Generator project");
            return 2;
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| model | edges | layer strategies | generated source | bytes per edge | generator (first run) | generator (warm, best of 2) | clean `dotnet build` | its CPU time | build peak memory |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (Case c in Cases())
        {
            var (first, warm, bytes) = TimeGenerator(c);
            double build = CleanBuild(repositoryRoot, c, measureMemory: false).Seconds;
            var (_, peak, cpu, _) = CleanBuild(repositoryRoot, c, measureMemory: true);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Name} | {c.Edges:N0} | {c.Strategies} | {Size(bytes)} | {(double)bytes / c.Edges:F2} | {first.TotalSeconds:F2} s | {warm.TotalSeconds:F2} s | {build:F1} s | {cpu:F1} s | {peak / (1 << 30):F2} GiB |"));
        }

        if (baseline is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"baseline {baseline} (its generator and runtime; source size as its build emits it):");
            Console.WriteLine("| model | edges | generated source | bytes per edge | clean `dotnet build` | its CPU time | build peak memory |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (Case c in Cases().Where(c => c.Files.Count == 0 && c.Edges is > 100_000 and <= 1 << 20)) // the baked-edge limit of the generator before this change
            {
                double build = CleanBuild(baseline, c, measureMemory: false).Seconds;
                var (_, peak, cpu, bytes) = CleanBuild(baseline, c, measureMemory: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {c.Name} | {c.Edges:N0} | {Size(bytes)} | {(double)bytes / c.Edges:F2} | {build:F1} s | {cpu:F1} s | {peak / (1 << 30):F2} GiB |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Building a large layer's tables when its kernel is first used (LayerTables), against copying baked tables (three ints an edge) from the image:");
        Console.WriteLine("| layer | edges | tables built at first use | copy of baked tables |");
        Console.WriteLine("|---|---:|---:|---:|");
        FirstUse("Uniform 4000 x 4000, d = 0.0625, rebuilt", 1_000_000, () => LayerTables.Rebuild("L", ConnectivityPattern.Uniform, 4000, 4000, 0.0625, 1, Topology.Create(ConnectivityPattern.Uniform, 4000, 4000, 0.0625, 1).Fingerprint));
        Topology learned = Topology.Create(ConnectivityPattern.ErdosRenyi, 4000, 4000, 0.0625, 1);
        byte[] encoded = System.Text.Encoding.ASCII.GetBytes(TableEncoding.EncodeTopology(learned.RowOffsetArray, learned.ColumnArray));
        FirstUse("topology file 4000 x 4000, 10^6 edges, decoded", 1_000_000, () => LayerTables.Decode("L", encoded, 4000, 4000, learned.EdgeCount, learned.Fingerprint));
        return 0;
    }

    private static IEnumerable<Case> Cases()
    {
        foreach (double density in new[] { 0.01, 0.1, 1.0 })
        {
            string d = density.ToString("R", CultureInfo.InvariantCulture), pattern = density == 1.0 ? "Dense" : "Uniform";
            long edges = Topology.EdgeCountFor(784, 1000, density) + Topology.EdgeCountFor(1000, 1000, density) + 10_000;
            yield return new Case($"784-1000-1000-10, hidden Uniform d = {d}", Model(784, $$"""
                [SparseLayer({{d}}, ConnectivityPattern.{{pattern}}, 0, Units = 1000, Activation = Activation.Relu)]
                public partial ISparseLayer Hidden1 { get; }

                [SparseLayer({{d}}, ConnectivityPattern.{{pattern}}, 0, Units = 1000, Activation = Activation.Relu)]
                public partial ISparseLayer Hidden2 { get; }

                [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
                public partial ISparseLayer Output { get; }
                """), edges, density == 1.0 ? "Dense, Dense, Dense" : "Table, Table, Dense", []);
        }

        foreach (var (size, density) in new[] { (4000, 0.0625), (4000, 0.1), (10000, 0.1) })
        {
            string d = density.ToString("R", CultureInfo.InvariantCulture);
            yield return new Case($"{size} x {size} Uniform, d = {d}", Model(size, $$"""
                [SparseLayer({{d}}, ConnectivityPattern.Uniform, 1, Units = {{size}})]
                public partial ISparseLayer Hidden { get; }
                """), Topology.EdgeCountFor(size, size, density), "Table", []);
        }

        Topology learned = Topology.Create(ConnectivityPattern.ErdosRenyi, 4000, 4000, 0.0625, 1);
        string patternFile = TopologyText(learned, null);
        yield return new Case("topology file 4000 x 4000, pattern", Model(4000, """
            [SparseLayer("hidden.mtx")]
            public partial ISparseLayer Hidden { get; }
            """), learned.EdgeCount, "Table", [("hidden.mtx", patternFile)]);
        var rng = new Core.Random.Xoshiro256StarStar(2);
        float[] values = Enumerable.Range(0, learned.EdgeCount).Select(_ => rng.NextSingle() - 0.5f).ToArray();
        yield return new Case("topology file 4000 x 4000, real (initial weights)", Model(4000, """
            [SparseLayer("hidden.mtx")]
            public partial ISparseLayer Hidden { get; }
            """), learned.EdgeCount, "Table", [("hidden.mtx", TopologyText(learned, values))]);
    }

    private static string Model(int inputs, string layers) => $$"""
        using SparseGen;
        namespace BuildCost;

        [SparseModel(Inputs = {{inputs}})]
        public sealed partial class Net
        {
            {{layers.Replace("\n", "\n    ")}}
        }
        """;

    /// <summary>A Matrix Market coordinate file of <paramref name="topology"/>, real when <paramref name="values"/> are given.</summary>
    private static string TopologyText(Topology topology, float[]? values)
    {
        var text = new System.Text.StringBuilder($"%%MatrixMarket matrix coordinate {(values is null ? "pattern" : "real")} general\n");
        text.Append(CultureInfo.InvariantCulture, $"{topology.Units} {topology.Inputs} {topology.EdgeCount}\n");
        int e = 0;
        foreach (var (i, j) in topology.Edges)
        {
            text.Append(CultureInfo.InvariantCulture, $"{j + 1} {i + 1}");
            text.Append(values is null ? "\n" : " " + values[e].ToString("R", CultureInfo.InvariantCulture) + "\n");
            e++;
        }

        return text.ToString();
    }

    private static (TimeSpan First, TimeSpan Warm, long Bytes) TimeGenerator(Case c)
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        MetadataReference[] references =
        [
            .. Directory.EnumerateFiles(framework, "System*.dll").Concat(Directory.EnumerateFiles(framework, "netstandard.dll")).Where(IsManaged).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(ISparseModel).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location),
        ];
        var compilation = CSharpCompilation.Create("BuildCost", [CSharpSyntaxTree.ParseText(c.Source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        AdditionalText[] files = c.Files.Select(f => (AdditionalText)new Text(f.Name, f.Text)).ToArray();
        TimeSpan first = TimeSpan.Zero, warm = TimeSpan.MaxValue;
        long bytes = 0;
        for (int run = 0; run < 3; run++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create([new SparseModelGenerator().AsSourceGenerator()], additionalTexts: files);
            var clock = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            TimeSpan elapsed = clock.Elapsed;
            GeneratorDriverRunResult result = driver.GetRunResult();
            if (result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                throw new InvalidOperationException($"{c.Name}: {error}");
            }

            bytes = result.GeneratedTrees.Sum(t => (long)t.GetText().Length);
            if (run == 0)
            {
                first = elapsed;
            }
            else
            {
                warm = elapsed < warm ? elapsed : warm;
            }
        }

        return (first, warm, bytes);
    }

    /// <summary>
    /// A clean build of a project holding only the model (the referenced SparseGen projects built once before):
    /// its seconds; with <paramref name="measureMemory"/>, run in one MSBuild process with the compiler in its own
    /// process under <c>/usr/bin/time</c>, also its peak resident memory, the CPU seconds (user and system) of MSBuild
    /// and the compiler, less sensitive than wall time to a busy machine, and the size of the generated files it emits.
    /// </summary>
    private static (double Seconds, double PeakBytes, double CpuSeconds, long GeneratedBytes) CleanBuild(string repositoryRoot, Case c, bool measureMemory)
    {
        string dir = Directory.CreateTempSubdirectory("sparsegen-buildcost-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "Net.cs"), c.Source);
            foreach (var (name, text) in c.Files)
            {
                File.WriteAllText(Path.Combine(dir, name), text);
            }

            File.WriteAllText(Path.Combine(dir, "BuildCost.csproj"), $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <AdditionalFiles Include="*.mtx" />
                    <ProjectReference Include="{{Path.Combine(repositoryRoot, "SparseGen.Runtime", "SparseGen.Runtime.csproj")}}" />
                    <ProjectReference Include="{{Path.Combine(repositoryRoot, "SparseGen.Generator", "SparseGen.Generator.csproj")}}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                  </ItemGroup>
                </Project>
                """);
            Dotnet(dir, "restore --nologo -v quiet");
            Dotnet(dir, "build --no-restore -c Release --nologo -v quiet"); // builds the referenced projects once
            Directory.Delete(Path.Combine(dir, "bin"), recursive: true);
            foreach (string stale in Directory.EnumerateDirectories(Path.Combine(dir, "obj", "Release")))
            {
                Directory.Delete(stale, recursive: true);
            }

            if (!measureMemory)
            {
                var clock = Stopwatch.StartNew();
                Dotnet(dir, "build --no-restore -c Release --nologo -v quiet");
                return (clock.Elapsed.TotalSeconds, 0, 0, 0);
            }

            string timed = Dotnet(dir, "build --no-restore -c Release --nologo -v quiet -m:1 -nodeReuse:false -p:UseSharedCompilation=false -p:EmitCompilerGeneratedFiles=true",
                "/usr/bin/time", "-f \"peak-kib %M seconds %e cpu %U %S\" dotnet ");
            string[] fields = timed.Split('\n').Last(l => l.StartsWith("peak-kib ", StringComparison.Ordinal)).Split(' ');
            long generated = Directory.EnumerateFiles(Path.Combine(dir, "obj"), "*.g.cs", SearchOption.AllDirectories)
                .Where(f => f.Contains("generated", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            double Field(int k) => double.Parse(fields[k], CultureInfo.InvariantCulture);
            return (Field(3), Field(1) * 1024, Field(5) + Field(6), generated);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void FirstUse(string name, long edges, Func<LayerTables> build)
    {
        build(); // JIT the code paths on a first call
        var clock = Stopwatch.StartNew();
        LayerTables tables = build();
        double seconds = clock.Elapsed.TotalSeconds;
        var baked = new int[3 * tables.Columns.Length];
        var copy = new int[baked.Length];
        clock.Restart();
        Buffer.BlockCopy(baked, 0, copy, 0, baked.Length * sizeof(int));
        double copySeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {edges:N0} | {seconds * 1000:F0} ms | {copySeconds * 1000:F1} ms |"));
    }

    private static string Size(long bytes) => bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F1} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KiB");

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Dotnet(string directory, string arguments, string program = "dotnet", string prefix = "")
    {
        var start = new ProcessStartInfo(program, prefix + arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {prefix}{arguments} failed in {directory}:\n{output}");
        }

        return output;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>An AdditionalFiles item in memory.</summary>
    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
