using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen.Backends.Cpu;
using SparseGen.Onnx;

namespace SparseGen.Benchmarks;

/// <summary>
/// <c>engines</c>: the main job's network (784 -> 250 Uniform ReLU, dropout 0.2 -> 10 softmax) at hidden densities
/// 0.01, 0.05, 0.1 and 1.0 (dense), each trained 3 epochs (Nadam 1e-3, batch 32, seed 1) on the shipped subset,
/// then run by every engine on the same weights in one process: SparseGen's generated <c>Predict</c>, its
/// <see cref="FrozenModel"/>, its batched <c>Predict</c>, and ONNX Runtime on the model exported with the input
/// standardisation (1 and 2 intra-op threads). Batch-1 latency: every test image timed on its own, 5 passes after
/// at least 1 s of warm-up; batched: the 1,000 test images as one batch, for at least 0.5 s. Prints a Markdown table.
/// </summary>
internal static class EnginesReport
{
    private const int Epochs = 3;

    public static int Run(string root)
    {
        string data = Path.Combine(root, "data", "mnist");
        Dataset rawTrain = IdxDataset.Load(data, "train"), rawTest = IdxDataset.Load(data, "test");
        var scaler = FeatureScaler.FitStandard(rawTrain, perFeature: false);
        float mean = scaler.Offsets[0], std = scaler.Scales[0];
        Dataset train = scaler.Transform(rawTrain), test = scaler.Transform(rawTest);
        float[][] raw = Enumerable.Range(0, rawTest.Count).Select(s => rawTest.Features(s).ToArray()).ToArray();
        float[][] standardised = Enumerable.Range(0, test.Count).Select(s => test.Features(s).ToArray()).ToArray();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Engines on the main job's network, each model trained {Epochs} epochs on {train.Count} images; {test.Count} test images; ONNX Runtime {OrtVersion()}; {Environment.ProcessorCount} cores, load {Timing.LoadAverage()} before"));
        var rows = new List<string>();
        foreach ((string density, ISparseModel model) in new (string, ISparseModel)[] { ("0.01", new Main001()), ("0.05", new Main005()), ("0.1", new Main010()), ("1.0", new MainDense()) })
        {
            model.Initialize(1);
            new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = 1, Backend = new CpuBackend { Threads = 1 }, Verbosity = Verbosity.Silent }.Fit(train, Epochs, 32);
            string onnx = Path.Combine(Path.GetTempPath(), $"sparsegen-engines-{Environment.ProcessId}-{density}.onnx");
            OnnxExport.Save(model, onnx, new OnnxExportOptions { Standardization = new InputStandardization(mean, std) });
            try
            {
                rows.AddRange(Measure(density, model, FrozenModel.Create(model, [mean], [std]), onnx, raw, standardised, test));
            }
            finally
            {
                File.Delete(onnx);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load {Timing.LoadAverage()} after"));
        Console.WriteLine();
        Console.WriteLine("| hidden density | engine | edges | batch-1 p50 | batch-1 p99 | 1,000 images, 1 thread | 2 threads |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    private static IEnumerable<string> Measure(string density, ISparseModel model, FrozenModel frozen, string onnx, float[][] raw, float[][] standardised, Dataset test)
    {
        int edges = model.Layers.Sum(l => l.EdgeCount);
        var outputs = new float[raw.Length][];
        for (int s = 0; s < raw.Length; s++)
        {
            outputs[s] = new float[model.OutputCount];
        }

        // Every engine must agree with the model before it is timed.
        var frozenOutput = new float[model.OutputCount];
        double frozenDifference = 0;
        for (int s = 0; s < raw.Length; s++)
        {
            model.Predict(standardised[s], outputs[s]);
            frozen.Predict(raw[s], frozenOutput);
            frozenDifference = Math.Max(frozenDifference, outputs[s].Zip(frozenOutput).Max(p => Math.Abs(p.First - p.Second)));
        }

        using (var check = new OnnxRuntimePeer(onnx, 1))
        {
            double ortDifference = check.Predict(raw).Zip(outputs).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"density {density}: accuracy {Accuracy(outputs, test):P2}; largest probability difference from the model's Predict: FrozenModel {frozenDifference:E1}, ONNX Runtime {ortDifference:E1}"));
        }

        LatencyFigures generated = OnnxRuntimePeer.Latency.Measure(raw.Length, s => model.Predict(standardised[s], outputs[s]));
        LatencyFigures frozenLatency = OnnxRuntimePeer.Latency.Measure(raw.Length, s => frozen.Predict(raw[s], outputs[s]));
        string kind = model.Layers[0].Kernel.Strategy?.ToString() ?? "generic";
        yield return Row(density, $"SparseGen generated Predict ({kind}); batched: network Predict", edges, generated, Batched(model, test, 1), Batched(model, test, 2));
        yield return Row(density, "SparseGen FrozenModel", edges, frozenLatency, double.NaN, double.NaN);
        PeerFigures one = OnnxRuntimePeer.Measure(onnx, raw, 1), two = OnnxRuntimePeer.Measure(onnx, raw, 2);
        yield return Row(density, "ONNX Runtime, 1 intra-op thread (2 for the last column)", edges, one.Latency, one.ImagesPerSecond, two.ImagesPerSecond);
        yield return Row(density, "ONNX Runtime, 2 intra-op threads", edges, two.Latency, double.NaN, double.NaN);
    }

    private static double Batched(ISparseModel model, Dataset test, int threads)
    {
        var x = new float[test.FeatureCount * test.Count];
        var t = new float[test.ClassCount * test.Count];
        var y = new float[model.OutputCount * test.Count];
        test.CopyBatch(Enumerable.Range(0, test.Count).ToArray(), x, t);
        int before = model.Network.Threads;
        model.Network.Threads = threads;
        try
        {
            return OnnxRuntimePeer.Throughput.Measure(test.Count, () => model.Network.Predict(x, y, test.Count));
        }
        finally
        {
            model.Network.Threads = before;
        }
    }

    private static string Row(string density, string engine, int edges, LatencyFigures latency, double oneThread, double twoThreads) => string.Create(CultureInfo.InvariantCulture,
        $"| {density} | {engine} | {edges:N0} | {latency.P50:F2} µs | {latency.P99:F2} µs | {Images(oneThread)} | {Images(twoThreads)} |");

    private static string Images(double perSecond) => double.IsNaN(perSecond) ? "" : string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s");

    private static double Accuracy(float[][] outputs, Dataset data) =>
        Enumerable.Range(0, data.Count).Count(s => Array.IndexOf(outputs[s], outputs[s].Max()) == data.Label(s)) / (double)data.Count;

    private static string OrtVersion() => typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
}
