using System;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

namespace SparseGen.Benchmarks;

/// <summary>Per-image latency percentiles, in microseconds, over <see cref="Samples"/> timed calls.</summary>
public sealed record LatencyFigures(double P50, double P90, double P99, int Samples);

/// <summary>What <see cref="OnnxRuntimePeer.Measure"/> measured for one session configuration.</summary>
/// <param name="IntraOpThreads">ONNX Runtime's intra-op threads.</param>
/// <param name="Latency">Batch-1 latency: every sample timed on its own, 5 passes after at least 1 s of warm-up.</param>
/// <param name="ImagesPerSecond">Throughput of all samples as one [N, features] batch, repeated for at least 0.5 s after a warm-up.</param>
public sealed record PeerFigures(int IntraOpThreads, LatencyFigures Latency, double ImagesPerSecond);

/// <summary>
/// ONNX Runtime as an in-process peer of SparseGen: an exported model (<c>SparseGen.Onnx.OnnxExport</c>) in one
/// <see cref="InferenceSession"/> with the options that make it fastest on a CPU (all graph optimisations, sequential
/// execution, a fixed intra-op thread count, ORT's default spinning), run with pre-allocated <see cref="OrtValue"/>s
/// over pinned arrays so that <c>Run</c> allocates no tensors.
/// </summary>
public sealed class OnnxRuntimePeer : IDisposable
{
    private const double LatencyWarmUpSeconds = 1.0, ThroughputSeconds = 0.5;
    private const int LatencyWarmUpPasses = 3, LatencyPasses = 5;

    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames, _outputNames;

    /// <summary>Opens <paramref name="onnxPath"/> (input [N, features], output [N, outputs], as SparseGen exports) with <paramref name="intraOpThreads"/> intra-op threads.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the model.</exception>
    public OnnxRuntimePeer(string onnxPath, int intraOpThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(onnxPath, options);
        IntraOpThreads = intraOpThreads;
        _inputNames = [_session.InputNames.Single()];
        _outputNames = [_session.OutputNames.Single()];
        InputCount = checked((int)_session.InputMetadata[_inputNames[0]].Dimensions[1]);
        OutputCount = checked((int)_session.OutputMetadata[_outputNames[0]].Dimensions[1]);
    }

    /// <summary>The session's intra-op threads.</summary>
    public int IntraOpThreads { get; }

    /// <summary>Features per sample.</summary>
    public int InputCount { get; }

    /// <summary>Outputs per sample.</summary>
    public int OutputCount { get; }

    /// <summary>Opens the model with <paramref name="intraOpThreads"/> threads and measures latency and throughput on <paramref name="samples"/> (what the graph takes: raw features when the export holds the standardisation).</summary>
    public static PeerFigures Measure(string onnxPath, float[][] samples, int intraOpThreads)
    {
        using var peer = new OnnxRuntimePeer(onnxPath, intraOpThreads);
        return new PeerFigures(intraOpThreads, peer.MeasureLatency(samples), peer.MeasureThroughput(samples));
    }

    /// <summary>Every sample's outputs, each run as a batch of one.</summary>
    public float[][] Predict(float[][] samples)
    {
        var outputs = new float[samples.Length][];
        var output = new float[OutputCount];
        using OrtValue outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, OutputCount]);
        for (int s = 0; s < samples.Length; s++)
        {
            using OrtValue input = Input(samples[s]);
            _session.Run(_run, _inputNames, [input], _outputNames, [outputValue]);
            outputs[s] = (float[])output.Clone();
        }

        return outputs;
    }

    /// <summary>Batch-1 latency, warm: every sample timed on its own over 5 passes, after at least 3 passes and 1 s untimed (as the Inference example measures SparseGen).</summary>
    public LatencyFigures MeasureLatency(float[][] samples)
    {
        OrtValue[] inputs = samples.Select(Input).ToArray();
        var output = new float[OutputCount];
        using OrtValue outputValue = OrtValue.CreateTensorValueFromMemory(output, [1, OutputCount]);
        OrtValue[] outputs = [outputValue];
        var one = new OrtValue[1];
        try
        {
            return Latency.Measure(samples.Length, s =>
            {
                one[0] = inputs[s];
                _session.Run(_run, _inputNames, one, _outputNames, outputs);
            });
        }
        finally
        {
            foreach (OrtValue input in inputs)
            {
                input.Dispose();
            }
        }
    }

    /// <summary>Images per second of all samples as one [N, features] batch, repeated for at least 0.5 s after one untimed run.</summary>
    public double MeasureThroughput(float[][] samples)
    {
        var batch = new float[samples.Length * InputCount];
        for (int s = 0; s < samples.Length; s++)
        {
            samples[s].CopyTo(batch, s * InputCount);
        }

        var output = new float[samples.Length * OutputCount];
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(batch, [samples.Length, InputCount]);
        using OrtValue outputValue = OrtValue.CreateTensorValueFromMemory(output, [samples.Length, OutputCount]);
        OrtValue[] inputs = [input], outputs = [outputValue];
        return Throughput.Measure(samples.Length, () => _session.Run(_run, _inputNames, inputs, _outputNames, outputs));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }

    private OrtValue Input(float[] sample)
    {
        if (sample.Length != InputCount)
        {
            throw new ArgumentException($"A sample has {sample.Length} features; the model takes {InputCount}.", nameof(sample));
        }

        return OrtValue.CreateTensorValueFromMemory(sample, [1, InputCount]);
    }

    /// <summary>The latency method of examples/SparseGen.Examples.Inference, for any batch-1 call.</summary>
    internal static class Latency
    {
        public static LatencyFigures Measure(int count, Action<int> call)
        {
            var clock = Stopwatch.StartNew();
            for (int pass = 0; pass < LatencyWarmUpPasses || clock.Elapsed.TotalSeconds < LatencyWarmUpSeconds; pass++)
            {
                for (int s = 0; s < count; s++)
                {
                    call(s);
                }
            }

            var ticks = new long[LatencyPasses * count];
            for (int pass = 0, k = 0; pass < LatencyPasses; pass++)
            {
                for (int s = 0; s < count; s++, k++)
                {
                    long start = Stopwatch.GetTimestamp();
                    call(s);
                    ticks[k] = Stopwatch.GetTimestamp() - start;
                }
            }

            Array.Sort(ticks);
            double Percentile(double p) => ticks[(int)Math.Round(p * (ticks.Length - 1))] * 1e6 / Stopwatch.Frequency;
            return new LatencyFigures(Percentile(0.50), Percentile(0.90), Percentile(0.99), ticks.Length);
        }
    }

    /// <summary>Images per second of a batch call, repeated for at least half a second after one untimed call and half a second of warm-up.</summary>
    internal static class Throughput
    {
        public static double Measure(int batch, Action call)
        {
            var warm = Stopwatch.StartNew();
            do
            {
                call();
            }
            while (warm.Elapsed.TotalSeconds < ThroughputSeconds);

            long images = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < ThroughputSeconds)
            {
                call();
                images += batch;
            }

            return images / clock.Elapsed.TotalSeconds;
        }
    }
}
