using System;
using System.IO;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project SparseGen.Benchmarks -- --filter '*Strategy*'   (BenchmarkDotNet)
// dotnet run -c Release --project SparseGen.Benchmarks -- build-cost              (generator and build time)
if (args is ["build-cost", ..])
{
    string root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "SparseGen.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("Run build-cost from inside the SparseGen repository.");
    }

    return SparseGen.Benchmarks.BuildCost.Run(root);
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(SparseGen.Benchmarks.StrategyBenchmarks).Assembly).Run(args, config);
return 0;
