using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.Examples;
using SparseGen.Examples.Mnist;

// The deployment path: a checkpoint trained by the MNIST example is loaded into the generated model of this
// application, which classifies the test images with its compile-time specialised Predict.
var modelOption = CommandLine.Path("--model", "A checkpoint written by the MNIST example's --save.");
modelOption.Required = true;
var dataOption = CommandLine.Path("--data", "Folder with test-* (or t10k-*) IDX files. Default: the MNIST subset shipped with SparseGen.");
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var root = new RootCommand("Classifies MNIST test images with a saved SparseGen model.") { modelOption, dataOption, jsonOption };
root.SetAction(parse => Run(parse.GetValue(modelOption)!,
    parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"), parse.GetValue(jsonOption)));
return CommandLine.Run(root, args);

static int Run(string modelPath, string dataDirectory, bool json)
{
    if (!File.Exists(modelPath))
    {
        return CommandLine.Fail($"--model: the file '{modelPath}' does not exist", CommandLine.UsageError);
    }

    if (!Directory.Exists(dataDirectory))
    {
        return CommandLine.Fail($"--data: the folder '{dataDirectory}' does not exist", CommandLine.UsageError);
    }

    try
    {
        // ReadMetadata checks the checkpoint's own keys, the preprocessing constants among them; hidden.density is this application's.
        var meta = Checkpoint.ReadMetadata(modelPath);
        float mean = float.Parse(Required(meta, "preprocessing.mean", modelPath), CultureInfo.InvariantCulture);
        float std = float.Parse(Required(meta, "preprocessing.std", modelPath), CultureInfo.InvariantCulture);
        Dataset test = IdxDataset.Load(dataDirectory, "test").Map((_, x) => (x - mean) / std);
        string densityText = Required(meta, "hidden.density", modelPath);
        double density = double.TryParse(densityText, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN;
        if (MnistModels.DensityProblem(density, test.FeatureCount) is { } badDensity)
        {
            return CommandLine.Fail($"{modelPath}: metadata 'hidden.density' is '{densityText}': {badDensity}", CommandLine.Failure);
        }

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
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        return CommandLine.Fail(e.Message, CommandLine.Failure);
    }
}

static string Required(IReadOnlyDictionary<string, string> meta, string key, string path) =>
    meta.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"{path}: the checkpoint has no '{key}'; save it with the MNIST example's --save.");
