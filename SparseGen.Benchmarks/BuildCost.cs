extern alias generator;

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SparseModelGenerator = generator::SparseGen.Generator.SparseModelGenerator;
using SparseGen.Networks;

namespace SparseGen.Benchmarks;

/// <summary>
/// What the generator costs at build time for a 784-1000-1000-10 network (both hidden layers Uniform at the
/// density, the output layer dense): the generator's own time in an in-memory compilation, the size of what it
/// emits, and the wall-clock time of a clean <c>dotnet build</c> of a project holding only that model.
/// </summary>
internal static class BuildCost
{
    public static int Run(string repositoryRoot)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine("| density | layer strategies | generated source | generator time (first run) | generator time (warm, best of 3) | clean `dotnet build` |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (double density in new[] { 0.01, 0.1, 1.0 })
        {
            string source = Model(density);
            var (first, warm, bytes) = TimeGenerator(source);
            double build = TimeCleanBuild(repositoryRoot, source);
            string strategies = density == 1.0 ? "Dense, Dense, Dense" : "Table, Table, Dense";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {density} | {strategies} | {bytes / 1024.0:F0} KiB | {first.TotalSeconds:F2} s | {warm.TotalSeconds:F2} s | {build:F1} s |"));
        }

        return 0;
    }

    private static string Model(double density)
    {
        string d = density.ToString("R", CultureInfo.InvariantCulture);
        string pattern = density == 1.0 ? "Dense" : "Uniform";
        return $$"""
            using SparseGen;
            namespace BuildCost;

            [SparseModel(Inputs = 784)]
            public sealed partial class Net
            {
                [SparseLayer({{d}}, ConnectivityPattern.{{pattern}}, 0, Units = 1000, Activation = Activation.Relu)]
                public partial ISparseLayer Hidden1 { get; }

                [SparseLayer({{d}}, ConnectivityPattern.{{pattern}}, 0, Units = 1000, Activation = Activation.Relu)]
                public partial ISparseLayer Hidden2 { get; }

                [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
                public partial ISparseLayer Output { get; }
            }
            """;
    }

    private static (TimeSpan First, TimeSpan Warm, long Bytes) TimeGenerator(string source)
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        MetadataReference[] references =
        [
            .. Directory.EnumerateFiles(framework, "System*.dll").Concat(Directory.EnumerateFiles(framework, "netstandard.dll")).Where(IsManaged).Select(p => MetadataReference.CreateFromFile(p)),
            MetadataReference.CreateFromFile(typeof(ISparseModel).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location),
        ];
        var compilation = CSharpCompilation.Create("BuildCost", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        TimeSpan first = TimeSpan.Zero, warm = TimeSpan.MaxValue;
        long bytes = 0;
        for (int run = 0; run < 4; run++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new SparseModelGenerator());
            var clock = Stopwatch.StartNew();
            driver = driver.RunGenerators(compilation);
            TimeSpan elapsed = clock.Elapsed;
            bytes = driver.GetRunResult().GeneratedTrees.Sum(t => (long)t.GetText().Length);
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

    private static double TimeCleanBuild(string repositoryRoot, string source)
    {
        string dir = Directory.CreateTempSubdirectory("sparsegen-buildcost-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "Net.cs"), source);
            File.WriteAllText(Path.Combine(dir, "BuildCost.csproj"), $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
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

            var clock = Stopwatch.StartNew();
            Dotnet(dir, "build --no-restore -c Release --nologo -v quiet");
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Dotnet(string directory, string arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {arguments} failed in {directory}:\n{output}");
        }
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
}
