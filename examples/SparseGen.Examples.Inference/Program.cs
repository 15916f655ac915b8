using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.CommandLine;
using SparseGen.Examples.Mnist;

// The deployment path: a checkpoint trained by the MNIST example is loaded into the generated model of this
// application, which classifies the test images with its compile-time specialised Predict.
var modelOption = ValueOptions.Path("--model", "A checkpoint written by the MNIST example's --save.");
modelOption.Required = true;
var dataOption = ValueOptions.Path("--data", "Folder with test-* (or t10k-*) IDX files. Default: the MNIST subset shipped with SparseGen.");
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var threadsOption = ValueOptions.Threads("Threads of the batched throughput run (the test set as one batch, in chunks of 32 samples); per-image latency is one thread.");
var root = new RootCommand("Classifies MNIST test images with a saved SparseGen model, then measures warm per-image latency (percentiles over every test image, several times) and batched throughput.")
{
    modelOption, dataOption, threadsOption, jsonOption,
};
root.SetAction(parse => Run(parse.GetValue(modelOption)!,
    parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"), parse.GetValue(jsonOption), parse.GetValue(threadsOption)));
return Conventions.Examples.Run(root, args);

static int Run(string modelPath, string dataDirectory, bool json, int threads)
{
    if (!File.Exists(modelPath))
    {
        return Conventions.Examples.Fail($"--model: the file '{modelPath}' does not exist", ExitCodes.UsageError);
    }

    if (!Directory.Exists(dataDirectory))
    {
        return Conventions.Examples.Fail($"--data: the folder '{dataDirectory}' does not exist", ExitCodes.UsageError);
    }

    try
    {
        // ReadMetadata checks the checkpoint's own keys, the preprocessing constants among them; hidden.density is this application's.
        var meta = Checkpoint.ReadMetadata(modelPath);
        float mean = float.Parse(Required(meta, "preprocessing.mean", modelPath), CultureInfo.InvariantCulture);
        float std = float.Parse(Required(meta, "preprocessing.std", modelPath), CultureInfo.InvariantCulture);
        Dataset raw = IdxDataset.Load(dataDirectory, "test");
        Dataset test = raw.Map((_, x) => (x - mean) / std);
        string densityText = Required(meta, "hidden.density", modelPath);
        double density = double.TryParse(densityText, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN;
        if (MnistModels.DensityProblem(density, test.FeatureCount) is { } badDensity)
        {
            return Conventions.Examples.Fail($"{modelPath}: metadata 'hidden.density' is '{densityText}': {badDensity}", ExitCodes.Failure);
        }

        var (model, kernels) = MnistModels.Create(density, test.FeatureCount, test.ClassCount);
        Checkpoint.Load(model, modelPath);

        var probabilities = new float[model.OutputCount];
        int correct = 0;
        for (int s = 0; s < test.Count; s++)
        {
            model.Predict(test.Features(s), probabilities);
            int predicted = probabilities.AsSpan().IndexOf(probabilities.Max());
            correct += predicted == test.Label(s) ? 1 : 0;
        }

        double accuracy = (double)correct / test.Count;
        Latency latency = Latency.Measure(model.Predict, test, model.OutputCount);

        // The same weights frozen for one-sample inference: raw pixels in (the standardisation folded into the first
        // layer), zero inputs skipped. Its predictions must be the model's.
        FrozenModel frozen = FrozenModel.Create(model, [mean], [std]);
        var frozenProbabilities = new float[frozen.OutputCount];
        int disagreements = 0;
        for (int s = 0; s < test.Count; s++)
        {
            model.Predict(test.Features(s), probabilities);
            frozen.Predict(raw.Features(s), frozenProbabilities);
            disagreements += probabilities.AsSpan().IndexOf(probabilities.Max()) == frozenProbabilities.AsSpan().IndexOf(frozenProbabilities.Max()) ? 0 : 1;
        }

        Latency frozenLatency = Latency.Measure(frozen.Predict, raw, frozen.OutputCount);
        double imagesPerSecond = Throughput(model, test, threads);
        string saved = meta.GetValueOrDefault("test_accuracy", "?");
        Console.WriteLine($"{modelPath}: hidden density {density.ToString(CultureInfo.InvariantCulture)}, {kernels} kernels, fingerprints {string.Join(", ", model.Layers.Select(l => $"{l.Name} 0x{l.Fingerprint:X16}"))}");
        Console.WriteLine($"accuracy {accuracy:P2} on {test.Count} test images (the checkpoint recorded {(double.TryParse(saved, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) ? a.ToString("P2", CultureInfo.CurrentCulture) : saved)})");
        Console.WriteLine($"one image at a time, warm: p50 {latency.P50:F2} µs, p90 {latency.P90:F2} µs, p99 {latency.P99:F2} µs per image ({latency.Samples} timed calls)");
        Console.WriteLine($"frozen (FrozenModel, raw pixels, zero inputs skipped), one image at a time, warm: p50 {frozenLatency.P50:F2} µs, p90 {frozenLatency.P90:F2} µs, p99 {frozenLatency.P99:F2} µs per image; {disagreements} of {test.Count} predicted classes differ from the model's");
        Console.WriteLine($"the test set as one batch on {threads} thread(s): {imagesPerSecond:N0} images/s");
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                test_accuracy = accuracy,
                saved_test_accuracy = a,
                images = test.Count,
                latency_us_p50 = latency.P50,
                latency_us_p90 = latency.P90,
                latency_us_p99 = latency.P99,
                frozen_latency_us_p50 = frozenLatency.P50,
                frozen_latency_us_p90 = frozenLatency.P90,
                frozen_latency_us_p99 = frozenLatency.P99,
                frozen_disagreements = disagreements,
                images_per_second = imagesPerSecond,
                threads,
                density,
                kernels,
            }));
        }

        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        return Conventions.Examples.Fail(e.Message, ExitCodes.Failure);
    }
}

// The test set as one feature-major batch through the network on `threads` threads, repeated for at least half a second after a warm-up pass.
static double Throughput(ISparseModel model, Dataset test, int threads)
{
    var x = new float[test.FeatureCount * test.Count];
    var t = new float[test.ClassCount * test.Count];
    var y = new float[model.OutputCount * test.Count];
    test.CopyBatch(Enumerable.Range(0, test.Count).ToArray(), x, t);
    model.Network.Threads = threads;
    model.Network.Predict(x, y, test.Count);
    long images = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < 0.5)
    {
        model.Network.Predict(x, y, test.Count);
        images += test.Count;
    }

    return images / clock.Elapsed.TotalSeconds;
}

static string Required(IReadOnlyDictionary<string, string> meta, string key, string path) =>
    meta.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"{path}: the checkpoint has no '{key}'; save it with the MNIST example's --save.");

/// <summary>One-sample inference: a model's or a frozen model's Predict.</summary>
internal delegate void PredictOne(ReadOnlySpan<float> input, Span<float> output);

/// <summary>Per-image latency of a single-sample Predict, warm: every test image timed on its own, over several passes.</summary>
internal sealed record Latency(double P50, double P90, double P99, int Samples)
{
    private const int WarmUpPasses = 3;
    private const double WarmUpSeconds = 1.0;
    private const int TimedPasses = 5;

    public static Latency Measure(PredictOne predict, Dataset test, int outputs)
    {
        var output = new float[outputs];
        // Warm-up, for a second at least: the tiered JIT has promoted Predict and its kernels to optimised code (it
        // waits for 100 ms without new first calls), and the weights and tables are in cache.
        var clock = Stopwatch.StartNew();
        for (int pass = 0; pass < WarmUpPasses || clock.Elapsed.TotalSeconds < WarmUpSeconds; pass++)
        {
            for (int s = 0; s < test.Count; s++)
            {
                predict(test.Features(s), output);
            }
        }

        var ticks = new long[TimedPasses * test.Count];
        for (int pass = 0, k = 0; pass < TimedPasses; pass++)
        {
            for (int s = 0; s < test.Count; s++, k++)
            {
                ReadOnlySpan<float> features = test.Features(s);
                long start = Stopwatch.GetTimestamp();
                predict(features, output);
                ticks[k] = Stopwatch.GetTimestamp() - start;
            }
        }

        Array.Sort(ticks);
        double Percentile(double p) => ticks[(int)Math.Round(p * (ticks.Length - 1))] * 1e6 / Stopwatch.Frequency;
        return new Latency(Percentile(0.50), Percentile(0.90), Percentile(0.99), ticks.Length);
    }
}
