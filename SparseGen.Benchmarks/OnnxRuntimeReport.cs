using System;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen.Onnx;

namespace SparseGen.Benchmarks;

/// <summary>
/// <c>onnx-runtime</c>: trains the MNIST example's network (784 -> 250 Uniform 0.1 ReLU, dropout 0.2 -> 10 dense
/// softmax; Nadam 1e-3, batch 32) for a few epochs on the shipped subset, exports it with its standardisation, and
/// prints ONNX Runtime's batch-1 latency and batched throughput at 1 and 2 intra-op threads beside SparseGen's own
/// Predict on the same model, measured the same way in the same process.
/// </summary>
internal static class OnnxRuntimeReport
{
    private const int Epochs = 3;

    public static int Run(string root)
    {
        string data = Path.Combine(root, "data", "mnist");
        Dataset rawTrain = IdxDataset.Load(data, "train"), rawTest = IdxDataset.Load(data, "test");
        var scaler = FeatureScaler.FitStandard(rawTrain, perFeature: false);
        float mean = scaler.Offsets[0], std = scaler.Scales[0];
        Dataset train = scaler.Transform(rawTrain), test = scaler.Transform(rawTest);

        var model = new GenericSparseModel(train.FeatureCount,
        [
            new LayerSpec("Hidden", ConnectivityPattern.Uniform, 250, 0.1, 42, Activation.Relu, 0.2),
            new LayerSpec("Output", ConnectivityPattern.Dense, train.ClassCount, 1.0, 0, Activation.Softmax),
        ], initSeed: 1);
        new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = 1 }.Fit(train, Epochs, 32);

        string onnx = Path.Combine(Path.GetTempPath(), $"sparsegen-onnx-runtime-{Environment.ProcessId}.onnx");
        OnnxExport.Save(model, onnx, new OnnxExportOptions { Standardization = new InputStandardization(mean, std) });
        try
        {
            float[][] raw = Enumerable.Range(0, rawTest.Count).Select(s => rawTest.Features(s).ToArray()).ToArray();
            float[][] standardized = Enumerable.Range(0, test.Count).Select(s => test.Features(s).ToArray()).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"784-250-10 MLP, hidden Uniform density 0.1 ({model.Layers[0].EdgeCount:N0} edges), trained {Epochs} epochs on {train.Count} images; {test.Count} test images; {Environment.ProcessorCount} cores, load {Timing.LoadAverage()}"));
            Console.WriteLine($"ONNX Runtime {OrtVersion()}: {onnx} ({new FileInfo(onnx).Length:N0} bytes, dense initializers, standardisation in the graph, raw pixels fed)");

            float[][] sparseGen = standardized.Select(x =>
            {
                var y = new float[model.OutputCount];
                model.Predict(x, y);
                return y;
            }).ToArray();
            using (var check = new OnnxRuntimePeer(onnx, 1))
            {
                float[][] ort = check.Predict(raw);
                double difference = ort.Zip(sparseGen).Max(p => p.First.Zip(p.Second).Max(v => Math.Abs(v.First - v.Second)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"accuracy: SparseGen {Accuracy(sparseGen, test):P2}, ONNX Runtime {Accuracy(ort, rawTest):P2}; largest probability difference {difference:E2}"));
            }

            Console.WriteLine();
            Console.WriteLine("engine                         batch-1 p50 µs   p90 µs   p99 µs   batch of 1,000: images/s");
            LatencyFigures own = OnnxRuntimePeer.Latency.Measure(standardized.Length, s => model.Predict(standardized[s], sparseGen[s]));
            Print("SparseGen Predict, 1 thread", own, SparseGenThroughput(model, test, 1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"SparseGen Predict, 2 threads",-30} {"(batch 1 is one thread)",32}   {SparseGenThroughput(model, test, 2),24:N0}"));

            foreach (int threads in new[] { 1, 2 })
            {
                PeerFigures figures = OnnxRuntimePeer.Measure(onnx, raw, threads);
                Print($"ONNX Runtime, {threads} intra-op", figures.Latency, figures.ImagesPerSecond);
            }

            Console.WriteLine("TorchSharp-cpu 0.107.0         not run: its native library needs GLIBCXX_3.4.32; this system's libstdc++ (Debian 12) has 3.4.30");
            Console.WriteLine("(ONNX Runtime's figures include the graph's Sub and Div of the 784 raw pixels; SparseGen is given standardised pixels.)");
            return 0;
        }
        finally
        {
            File.Delete(onnx);
        }
    }

    private static double SparseGenThroughput(ISparseModel model, Dataset test, int threads)
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

    private static void Print(string engine, LatencyFigures latency, double imagesPerSecond) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{engine,-30} {latency.P50,14:F2} {latency.P90,8:F2} {latency.P99,8:F2}   {imagesPerSecond,24:N0}"));

    private static double Accuracy(float[][] outputs, Dataset data) =>
        Enumerable.Range(0, data.Count).Count(s => Array.IndexOf(outputs[s], outputs[s].Max()) == data.Label(s)) / (double)data.Count;

    private static string OrtVersion() => typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString() ?? "?";
}
