using System;
using System.Linq;
using SparseGen;
using SparseGen.Core.Random;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>training-profile</c> command: where one MNIST training batch (784-250-10, dropout 0.2, batch 32, Nadam)
/// spends its time, per phase, as the median of 2,000 batches after 1,000 warm-up ones, for USN 0.1 and the dense
/// network (both generated): the same phases as <see cref="TrainingProfileBenchmarks"/>, in seconds instead of minutes.
/// </summary>
internal static class TrainingProfileReport
{
    private const int Batch = 32;

    public static int Run()
    {
        Console.WriteLine($"load average {Timing.LoadAverage()}");
        Console.WriteLine("| model | copy batch | forward (dropout) | loss | backward | optimizer step | batch (sum) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, model) in new (string, ISparseModel)[] { ("USN 0.1 generated", new Mnist010()), ("dense generated", new MnistFull()) })
        {
            model.Initialize(1);
            var data = new Dataset(StrategyBenchmarks.Random(784 * 1024), 784, Enumerable.Range(0, 1024).Select(s => s % 10).ToArray(), 10);
            var optimizer = new Nadam();
            var rng = new Xoshiro256StarStar(1);
            var order = Enumerable.Range(0, 1024).ToArray();
            var indices = new int[Batch];
            float[] x = new float[784 * Batch], t = new float[10 * Batch], dz = new float[10 * Batch];
            int step = 0;
            void Next()
            {
                order.AsSpan((step++ % 32) * Batch, Batch).CopyTo(indices);
            }

            double copy = Timing.MedianMicroseconds(() => { Next(); data.CopyBatch(indices, x, t); }, 2000, 1000);
            double forward = Timing.MedianMicroseconds(() => model.Network.Forward(x, Batch, rng), 2000, 1000);
            double loss = Timing.MedianMicroseconds(() => Loss.CategoricalCrossEntropy.Compute(model.Network.Forward(x, Batch, rng), t, Batch, Activation.Softmax, dz), 2000, 1000) - forward;
            double backward = Timing.MedianMicroseconds(() => model.Network.Backward(dz, Batch), 2000, 1000);
            double update = Timing.MedianMicroseconds(() => optimizer.Step(model.Network.Parameters), 2000, 1000);
            Console.WriteLine($"| {name} | {copy:F1} µs | {forward:F1} µs | {Math.Max(loss, 0):F1} µs | {backward:F1} µs | {update:F1} µs | {copy + forward + Math.Max(loss, 0) + backward + update:F1} µs |");
        }

        return 0;
    }
}
