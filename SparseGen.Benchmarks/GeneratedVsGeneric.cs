using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>generated-vs-generic</c> command: every sparse layer of the kernel suite (Uniform and RegularRotating,
/// 784 x 250 and 4096 x 4096, densities 0.01, 0.1 and 0.5), forward and backward (<c>dW</c>, <c>db</c> and <c>dx</c>),
/// at batch 1 and 32: the generated kernel (the strategy Auto picked) against the faster of the generic ELL and CSR
/// kernels on the same topology, and the useful GFLOP/s of each against the dense kernel's at the same shape and
/// batch. Each figure is the median of timed calls (at least 5, for at least 0.5 s) after 0.3 s of warm-up, the
/// kernels of one row timed one after the other.
/// </summary>
internal static class GeneratedVsGeneric
{
    public static int Run(string[] args)
    {
        int[] batches = [1, 32];
        if (args.Length > 0)
        {
            string[] parts = args[0].Split(',');
            batches = new int[parts.Length];
            for (int k = 0; k < parts.Length; k++)
            {
                if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out batches[k]) || batches[k] < 1)
                {
                    Console.Error.WriteLine($"generated-vs-generic: the batch sizes must be integers of at least 1, separated by commas (e.g. 1,32), not '{args[0]}'.");
                    return 2;
                }
            }
        }

        Console.WriteLine($"load average {Timing.LoadAverage()}; useful GFLOP/s count 2 operations per edge and sample forward, 4 backward");
        Console.WriteLine("| layer | strategy | batch | pass | generated | best generic | generic / generated | generated GFLOP/s | of dense's |");
        Console.WriteLine("|---|---|---:|---|---:|---:|---:|---:|---:|");
        var dense = new Dictionary<(int, int, bool), double>();
        foreach (var (name, model, pattern, inputs, units, density, denseModel) in Suite())
        {
            ILayerKernel generated = model.Layers[0].Kernel;
            var topology = Topology.Create(pattern, inputs, units, density, pattern == ConnectivityPattern.Uniform ? 42UL : 0UL);
            ILayerKernel ell = new EllLayerKernel(topology), csr = new CsrLayerKernel(topology);
            foreach (int batch in batches)
            {
                var buffers = new Buffers(topology.EdgeCount, inputs, units, batch);
                foreach (bool forward in new[] { true, false })
                {
                    double flops = (forward ? 2.0 : 4.0) * topology.EdgeCount * batch;
                    if (!dense.TryGetValue((inputs, batch, forward), out double denseGflops))
                    {
                        ILayerKernel d = denseModel.Layers[0].Kernel;
                        var denseBuffers = new Buffers(d.EdgeCount, inputs, units, batch);
                        denseGflops = dense[(inputs, batch, forward)] = (forward ? 2.0 : 4.0) * d.EdgeCount * batch / (Median(() => denseBuffers.Run(d, forward)) * 1e3);
                    }

                    double own = Median(() => buffers.Run(generated, forward));
                    double ellTime = Median(() => buffers.Run(ell, forward)), csrTime = Median(() => buffers.Run(csr, forward));
                    double generic = Math.Min(ellTime, csrTime);
                    double gflops = flops / (own * 1e3);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {generated.Strategy} | {batch} | {(forward ? "forward" : "backward")} | {Micro(own)} | {Micro(generic)} ({(ellTime <= csrTime ? "ELL" : "CSR")}) | {generic / own:F2}x | {gflops:F1} | {100 * gflops / denseGflops:F0} % |"));
                }
            }
        }

        Console.WriteLine($"load average {Timing.LoadAverage()}");
        return 0;
    }

    private static IEnumerable<(string, ISparseModel, ConnectivityPattern, int, int, double, ISparseModel)> Suite()
    {
        ISparseModel d784 = new D784(), d4096 = new D4096();
        yield return ("Uniform 784 x 250, d = 0.01", new U784d001(), ConnectivityPattern.Uniform, 784, 250, 0.01, d784);
        yield return ("Uniform 784 x 250, d = 0.1", new U784d01(), ConnectivityPattern.Uniform, 784, 250, 0.1, d784);
        yield return ("Uniform 784 x 250, d = 0.5", new U784d05(), ConnectivityPattern.Uniform, 784, 250, 0.5, d784);
        yield return ("RegularRotating 784 x 250, d = 0.01", new R784d001(), ConnectivityPattern.RegularRotating, 784, 250, 0.01, d784);
        yield return ("RegularRotating 784 x 250, d = 0.1", new R784d01(), ConnectivityPattern.RegularRotating, 784, 250, 0.1, d784);
        yield return ("RegularRotating 784 x 250, d = 0.5", new R784d05(), ConnectivityPattern.RegularRotating, 784, 250, 0.5, d784);
        yield return ("Uniform 4096 x 4096, d = 0.01", new U4096d001(), ConnectivityPattern.Uniform, 4096, 4096, 0.01, d4096);
        yield return ("Uniform 4096 x 4096, d = 0.1", new U4096d01(), ConnectivityPattern.Uniform, 4096, 4096, 0.1, d4096);
        yield return ("Uniform 4096 x 4096, d = 0.5", new U4096d05(), ConnectivityPattern.Uniform, 4096, 4096, 0.5, d4096);
        yield return ("RegularRotating 4096 x 4096, d = 0.01", new R4096d001(), ConnectivityPattern.RegularRotating, 4096, 4096, 0.01, d4096);
        yield return ("RegularRotating 4096 x 4096, d = 0.1", new R4096d01(), ConnectivityPattern.RegularRotating, 4096, 4096, 0.1, d4096);
        yield return ("RegularRotating 4096 x 4096, d = 0.5", new R4096d05(), ConnectivityPattern.RegularRotating, 4096, 4096, 0.5, d4096);
    }

    private static double Median(Action action)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 0.3)
        {
            action();
        }

        var times = new List<double>();
        clock.Restart();
        while (times.Count < 5 || clock.Elapsed.TotalSeconds < 0.5)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static string Micro(double us) => us >= 1000 ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:F2} ms") : string.Create(CultureInfo.InvariantCulture, $"{us:F1} µs");

    /// <summary>One layer's arguments at one batch size; weights are random (the kernels' time does not depend on their order).</summary>
    private sealed class Buffers(int edges, int inputs, int units, int batch)
    {
        private readonly float[] _w = StrategyBenchmarks.Random(edges), _b = StrategyBenchmarks.Random(units), _x = StrategyBenchmarks.Random(inputs * batch);
        private readonly float[] _z = new float[units * batch], _dz = StrategyBenchmarks.Random(units * batch);
        private readonly float[] _dw = new float[edges], _db = new float[units], _dx = new float[inputs * batch];

        public void Run(ILayerKernel kernel, bool forward)
        {
            if (forward)
            {
                kernel.Forward(_w, _b, _x, _z, batch);
            }
            else
            {
                kernel.Backward(_w, _x, _dz, _dw, _db, _dx, batch);
            }
        }
    }
}
