using System;
using SparseGen;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>batch-one</c> command: the batch-1 forward pass of each seeded (Uniform) layer of the kernel suite, generated
/// (the strategy the generator picks) against the generic ELL kernel over the same topology; medians of 20,000 calls.
/// </summary>
internal static class BatchOneForward
{
    public static int Run()
    {
        Console.WriteLine($"load average {Timing.LoadAverage()}");
        Console.WriteLine("| layer (Uniform, seed 42) | edges | generated | generic ELL | ELL time / generated |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, model, inputs, units, density) in new (string, ISparseModel, int, int, double)[]
        {
            ("784 x 250, d = 0.01", new U784d001(), 784, 250, 0.01),
            ("784 x 250, d = 0.1", new U784d01(), 784, 250, 0.1),
            ("784 x 250, d = 0.5", new U784d05(), 784, 250, 0.5),
            ("4096 x 4096, d = 0.01", new U4096d001(), 4096, 4096, 0.01),
            ("4096 x 4096, d = 0.1", new U4096d01(), 4096, 4096, 0.1),
            ("4096 x 4096, d = 0.5", new U4096d05(), 4096, 4096, 0.5),
        })
        {
            ILayerKernel generated = model.Layers[0].Kernel;
            var topology = Topology.Create(ConnectivityPattern.Uniform, inputs, units, density, 42);
            var ell = new EllLayerKernel(topology);
            float[] w = StrategyBenchmarks.Random(topology.EdgeCount), b = StrategyBenchmarks.Random(units), x = StrategyBenchmarks.Random(inputs), z = new float[units];
            double table = Timing.MedianMicroseconds(() => generated.Forward(w, b, x, z, 1), 20_000, 5_000);
            double generic = Timing.MedianMicroseconds(() => ell.Forward(w, b, x, z, 1), 20_000, 5_000);
            Console.WriteLine($"| {name} ({generated.Strategy}) | {topology.EdgeCount:N0} | {table:F2} µs | {generic:F2} µs | {generic / table:F2}x |");
        }

        return 0;
    }
}
