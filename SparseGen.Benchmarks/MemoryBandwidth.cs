using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using SparseGen.Core.Random;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>bandwidth</c> command: what this machine's memory delivers to the access pattern of the CSR kernels, for the
/// bound of docs/scale.md. A 2 GiB array is read (1) sequentially and (2) as 128-byte rows (32 samples of a
/// feature-major activation) at random row indices, as a sparse layer's forward pass and <c>dW</c> gather their
/// inputs, each on 1 thread and on every core; best of five, in GB/s (10^9 bytes).
/// </summary>
internal static class MemoryBandwidth
{
    private const int RowFloats = 32;

    public static int Run()
    {
        const long bytes = 2L << 30;
        var data = new float[bytes / sizeof(float)];
        Array.Fill(data, 1f);
        int rows = data.Length / RowFloats;
        var indices = new int[1 << 24];
        var rng = new Xoshiro256StarStar(1);
        for (int k = 0; k < indices.Length; k++)
        {
            indices[k] = rng.NextInt(rows);
        }

        Console.WriteLine($"load average {Timing.LoadAverage()}; {Environment.ProcessorCount} logical cores; array {bytes >> 20} MiB");
        Console.WriteLine("| access | threads | GB/s |");
        Console.WriteLine("|---|---:|---:|");
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            Console.WriteLine($"| sequential read | {threads} | {Best(() => Sequential(data, threads), bytes):F1} |");
            Console.WriteLine($"| random 128-byte rows | {threads} | {Best(() => Random(data, indices, threads), (long)indices.Length * RowFloats * sizeof(float)):F1} |");
        }

        return 0;
    }

    private static double Best(Func<float> pass, long bytes)
    {
        double best = 0;
        float sink = 0;
        for (int r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            sink += pass();
            best = Math.Max(best, bytes / clock.Elapsed.TotalSeconds / 1e9);
        }

        GC.KeepAlive(sink);
        return best;
    }

    private static float Sequential(float[] data, int threads)
    {
        var sums = new float[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            long from = data.LongLength * t / threads, to = data.LongLength * (t + 1) / threads;
            var sum = Vector<float>.Zero;
            ReadOnlySpan<Vector<float>> vectors = MemoryMarshal.Cast<float, Vector<float>>(data.AsSpan((int)from, (int)(to - from)));
            foreach (Vector<float> v in vectors)
            {
                sum += v;
            }

            sums[t] = Vector.Sum(sum);
        });
        return sums[0];
    }

    private static float Random(float[] data, int[] indices, int threads)
    {
        var sums = new float[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int from = (int)((long)indices.Length * t / threads), to = (int)((long)indices.Length * (t + 1) / threads);
            var sum = Vector<float>.Zero;
            for (int k = from; k < to; k++)
            {
                ReadOnlySpan<Vector<float>> row = MemoryMarshal.Cast<float, Vector<float>>(data.AsSpan(indices[k] * RowFloats, RowFloats));
                foreach (Vector<float> v in row)
                {
                    sum += v;
                }
            }

            sums[t] = Vector.Sum(sum);
        });
        return sums[0];
    }
}
