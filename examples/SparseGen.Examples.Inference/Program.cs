using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.Examples.Mnist;

// The deployment path: a checkpoint trained by the MNIST example is loaded into the generated model of this
// application, which classifies the test images with its compile-time specialised Predict.
var modelOption = new Option<FileInfo>("--model") { Description = "A checkpoint written by the MNIST example's --save.", Required = true };
var dataOption = new Option<DirectoryInfo>("--data") { Description = "Folder with test-* IDX files. Default: the MNIST subset shipped with SparseGen." };
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var root = new RootCommand("Classifies MNIST test images with a saved SparseGen model.") { modelOption, dataOption, jsonOption };
root.SetAction(parse => Run(parse.GetValue(modelOption)!.FullName,
    parse.GetValue(dataOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"), parse.GetValue(jsonOption)));
return root.Parse(args).Invoke();

static int Run(string modelPath, string dataDirectory, bool json)
{
    try
    {
        var meta = Checkpoint.ReadMetadata(modelPath);
        double density = double.Parse(Required(meta, "hidden.density", modelPath), CultureInfo.InvariantCulture);
        float mean = float.Parse(Required(meta, "preprocessing.mean", modelPath), CultureInfo.InvariantCulture);
        float std = float.Parse(Required(meta, "preprocessing.std", modelPath), CultureInfo.InvariantCulture);
        Dataset test = IdxDataset.Load(dataDirectory, "test").Map((_, x) => (x - mean) / std);
        var (model, kernels) = MnistModels.Create(density, test.FeatureCount, test.ClassCount);
        Checkpoint.Load(model, modelPath);

        var probabilities = new float[model.OutputCount];
        int correct = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int s = 0; s < test.Count; s++)
        {
            model.Predict(test.Features(s), probabilities);
            int predicted = probabilities.AsSpan().IndexOf(probabilities.Max());
            correct += predicted == test.Label(s) ? 1 : 0;
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double accuracy = (double)correct / test.Count;
        string saved = meta.GetValueOrDefault("test_accuracy", "?");
        Console.WriteLine($"{modelPath}: hidden density {density.ToString(CultureInfo.InvariantCulture)}, {kernels} kernels, fingerprints {string.Join(", ", model.Layers.Select(l => $"{l.Name} 0x{l.Fingerprint:X16}"))}");
        Console.WriteLine($"classified {test.Count} test images one at a time in {seconds * 1000:F1} ms ({seconds * 1e6 / test.Count:F1} µs each): accuracy {accuracy:P2} (the checkpoint recorded {(double.TryParse(saved, NumberStyles.Float, CultureInfo.InvariantCulture, out double a) ? a.ToString("P2", CultureInfo.CurrentCulture) : saved)})");
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { test_accuracy = accuracy, saved_test_accuracy = a, images = test.Count, seconds, density, kernels }));
        }

        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}

static string Required(IReadOnlyDictionary<string, string> meta, string key, string path) =>
    meta.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"{path}: the checkpoint has no '{key}'; save it with the MNIST example's --save.");
