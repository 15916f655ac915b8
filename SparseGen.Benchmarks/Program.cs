using System;
using System.IO;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project SparseGen.Benchmarks -- --filter '*Strategy*'   (BenchmarkDotNet)
// dotnet run -c Release --project SparseGen.Benchmarks -- build-cost              (generator and build time, memory; --baseline DIR: another checkout too)
// dotnet run -c Release --project SparseGen.Benchmarks -- report                  (kernel benchmarks -> docs/benchmarks.md)
// dotnet run -c Release --project SparseGen.Benchmarks -- training-profile        (one MNIST batch, phase by phase)
// dotnet run -c Release --project SparseGen.Benchmarks -- threads                 (784-1000-1000-10 training on 1 and 2 threads)
// dotnet run -c Release --project SparseGen.Benchmarks -- dense-blas              (dense kernels against OpenBLAS sgemm)
// dotnet run -c Release --project SparseGen.Benchmarks -- generated-vs-generic    (every suite layer, forward and backward, batch 1 and 32: generated, best generic, % of dense GFLOP/s)
// dotnet run -c Release --project SparseGen.Benchmarks -- bandwidth               (memory bandwidth, sequential and as the CSR kernels read rows, for docs/scale.md)
// dotnet run -c Release --project SparseGen.Benchmarks -- evolution               (one SET step of 784-H-H-H-10, phase by phase; --hidden H, 100000; --rounds R, 3; --threads 1,2)
// dotnet run -c Release --project SparseGen.Benchmarks -- engines                 (the main job at 4 densities: generated, frozen, batched and ONNX Runtime, one table)
switch (args)
{
    case ["training-profile", ..]:
        return SparseGen.Benchmarks.TrainingProfileReport.Run();
    case ["threads", ..]:
        return SparseGen.Benchmarks.ThreadScaling.Run();
    case ["bandwidth", ..]:
        return SparseGen.Benchmarks.MemoryBandwidth.Run();
    case ["dense-blas", ..]:
        return SparseGen.Benchmarks.DenseVsBlas.Run();
    case ["evolution", .. var rest]:
        return SparseGen.Benchmarks.EvolutionProfile.Run(rest);
    case ["generated-vs-generic", .. var rest]:
        return SparseGen.Benchmarks.GeneratedVsGeneric.Run(rest);
}

if (args is ["build-cost", ..] or ["report", ..] or ["engines", ..])
{
    string root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "SparseGen.sln")))
    {
        root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("Run this command from inside the SparseGen repository.");
    }

    return args[0] switch
    {
        "build-cost" => SparseGen.Benchmarks.BuildCost.Run(root, args[1..]),
        "engines" => SparseGen.Benchmarks.EnginesReport.Run(root),
        _ => SparseGen.Benchmarks.BenchmarkReport.Run(root, args[1..]),
    };
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).WithId("InProcess"))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(SparseGen.Benchmarks.StrategyBenchmarks).Assembly).Run(args, config);
return 0;
