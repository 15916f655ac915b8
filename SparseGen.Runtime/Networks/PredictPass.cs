using System;
using System.Buffers;
using SparseGen.Core;
using SparseGen.Kernels;

namespace SparseGen.Networks;

/// <summary>
/// Inference on a stack of layers (<see cref="SparseNetwork.Predict(ReadOnlySpan{float}, Span{float}, int)"/>):
/// a batch of up to <see cref="SparseNetwork.ChunkSize"/> samples runs on the calling thread with two buffers from the
/// shared pool; a larger one runs chunk by chunk on a <see cref="ChunkScheduler"/> of the calling thread's own.
/// </summary>
internal static class PredictPass
{
    [ThreadStatic]
    private static Job? t_job;

    /// <summary>Runs a feature-major batch through <paramref name="layers"/>, whose widest vector holds <paramref name="widest"/> values per sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    public static unsafe void Run(SparseLayer[] layers, int widest, ReadOnlySpan<float> input, Span<float> output, int batchSize, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)layers[0].Inputs * batchSize);
        Checks.Length(nameof(output), output.Length, (long)layers[^1].Units * batchSize);
        if (batchSize <= SparseNetwork.ChunkSize)
        {
            RunChunk(layers, widest, input, output, batchSize);
            return;
        }

        Job job = t_job ??= new Job();
        fixed (float* x = input, y = output)
        {
            job.Layers = layers;
            job.Widest = widest;
            job.Input = x;
            job.Output = y;
            job.Batch = batchSize;
            try
            {
                job.Scheduler.Run(job, SparseNetwork.ChunkCount(batchSize), threads);
            }
            finally
            {
                job.Layers = null;
            }
        }
    }

    /// <summary>The layers, one after the other, on a feature-major batch of up to <see cref="SparseNetwork.ChunkSize"/> samples, with buffers from the shared pool.</summary>
    private static void RunChunk(SparseLayer[] layers, int widest, ReadOnlySpan<float> input, Span<float> output, int batchSize)
    {
        int size = widest * batchSize;
        float[] ping = ArrayPool<float>.Shared.Rent(size);
        float[] pong = ArrayPool<float>.Shared.Rent(size);
        try
        {
            ReadOnlySpan<float> x = input;
            for (int l = 0; l < layers.Length; l++)
            {
                SparseLayer layer = layers[l];
                Span<float> z = (l % 2 == 0 ? ping : pong).AsSpan(0, layer.Units * batchSize);
                layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x, z, batchSize);
                Span<float> a = l == layers.Length - 1 ? output : z;
                Activations.Forward(layer.Activation, z, a, layer.Units, batchSize, (float)layer.NegativeSlope);
                x = a;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ping);
            ArrayPool<float>.Shared.Return(pong);
        }
    }

    /// <summary>A batch in flight: each chunk copies its columns in and out around <see cref="RunChunk"/>.</summary>
    private sealed unsafe class Job : IChunkJob
    {
        public readonly ChunkScheduler Scheduler = new();
        public SparseLayer[]? Layers;
        public int Widest;
        public float* Input;
        public float* Output;
        public int Batch;

        public void RunChunk(int chunk)
        {
            SparseLayer[] layers = Layers!;
            int inputs = layers[0].Inputs, outputs = layers[^1].Units;
            int start = chunk * SparseNetwork.ChunkSize, size = Math.Min(SparseNetwork.ChunkSize, Batch - start);
            float[] x = ArrayPool<float>.Shared.Rent(inputs * size);
            float[] y = ArrayPool<float>.Shared.Rent(outputs * size);
            try
            {
                var input = new ReadOnlySpan<float>(Input, inputs * Batch);
                for (int r = 0; r < inputs; r++)
                {
                    input.Slice((r * Batch) + start, size).CopyTo(x.AsSpan(r * size, size));
                }

                PredictPass.RunChunk(layers, Widest, x.AsSpan(0, inputs * size), y.AsSpan(0, outputs * size), size);
                var output = new Span<float>(Output, outputs * Batch);
                for (int r = 0; r < outputs; r++)
                {
                    y.AsSpan(r * size, size).CopyTo(output.Slice((r * Batch) + start, size));
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(x);
                ArrayPool<float>.Shared.Return(y);
            }
        }
    }
}
