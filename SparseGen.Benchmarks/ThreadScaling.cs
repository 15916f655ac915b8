using System;
using System.Diagnostics;
using System.Linq;
using SparseGen;
using SparseGen.Backends.Cpu;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>threads</c> command: trains a 784-1000-1000-10 USN network (Uniform, density 0.1; ReLU, softmax output;
/// batch 128, Nadam) on 2,048 random samples for two epochs on 1 thread, then on 2, alternating, and reports the
/// fastest of three runs of each, the speed-up, and whether the weights agree bit for bit. First it measures what the
/// machine gives: how much more work two independent busy threads do than one (2.0 on an idle machine).
/// </summary>
internal static class ThreadScaling
{
    public static int Run()
    {
        const int samples = 2048, batch = 128, epochs = 2, repeats = 3;
        var data = new Dataset(StrategyBenchmarks.Random(784 * samples), 784, Enumerable.Range(0, samples).Select(s => s % 10).ToArray(), 10);
        Console.WriteLine($"load average {Timing.LoadAverage()}; {Environment.ProcessorCount} logical cores; two independent busy threads do {Capacity():F2}x the work of one");
        var best = new double[3];
        float[][]?[] weights = new float[3][][];
        for (int r = 0; r < repeats; r++)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                ISparseModel model = new Usn1000();
                model.Initialize(1);
                var trainer = new Trainer(model, new Nadam(), Loss.CategoricalCrossEntropy) { Seed = 1, Backend = new CpuBackend { Threads = threads } };
                trainer.Fit(data, 1, batch); // warm-up epoch, not timed
                model.Initialize(1);
                trainer = new Trainer(model, new Nadam(), Loss.CategoricalCrossEntropy) { Seed = 1, Backend = new CpuBackend { Threads = threads } };
                var clock = Stopwatch.StartNew();
                trainer.Fit(data, epochs, batch);
                double seconds = clock.Elapsed.TotalSeconds;
                best[threads] = r == 0 ? seconds : Math.Min(best[threads], seconds);
                weights[threads] = model.Network.Parameters.Select(p => (float[])p.Values.Clone()).ToArray();
            }
        }

        Console.WriteLine($"afterwards two independent busy threads do {Capacity():F2}x the work of one");
        bool same = weights[1]!.Zip(weights[2]!).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        Console.WriteLine($"load average {Timing.LoadAverage()}");
        Console.WriteLine("| network | batch | 1 thread | 2 threads | speed-up | weights identical |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        Console.WriteLine($"| 784-1000-1000-10 USN d=0.1 | {batch} | {best[1]:F2} s | {best[2]:F2} s | {best[1] / best[2]:F2}x | {(same ? "yes" : "NO")} |");
        return same ? 0 : 1;
    }

    /// <summary>Iterations of a busy loop over 300 ms on two threads at once, over the same on one thread.</summary>
    private static double Capacity()
    {
        static long Spin(TimeSpan length)
        {
            var clock = Stopwatch.StartNew();
            long n = 0;
            while (clock.Elapsed < length)
            {
                n++;
            }

            return n;
        }

        var span = TimeSpan.FromMilliseconds(300);
        long one = Spin(span);
        long[] two = new long[2];
        var threads = new[] { new System.Threading.Thread(() => two[0] = Spin(span)), new System.Threading.Thread(() => two[1] = Spin(span)) };
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        return (double)(two[0] + two[1]) / one;
    }
}

[SparseModel(Inputs = 784)]
public sealed partial class Usn1000
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 1000, Activation = Activation.Relu)]
    public partial ISparseLayer Hidden1 { get; }

    [SparseLayer(0.1, ConnectivityPattern.Uniform, 43, Units = 1000, Activation = Activation.Relu)]
    public partial ISparseLayer Hidden2 { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
