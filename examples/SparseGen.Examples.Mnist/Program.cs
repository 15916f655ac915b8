using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.CommandLine;
using SparseGen.Examples;
using SparseGen.Examples.Mnist;
using SparseGen.Ilgpu;
using SparseGen.IO;

var epochsOption = ValueOptions.Integer("--epochs", "Number of training epochs.", 10, 1, 100_000);
var densityOption = ValueOptions.Number("--density", "Density of the hidden layer; 1.0 is the fully connected network. 0.01, 0.05, 0.1, 0.2 and 1.0 run generated kernels, other values build the topology at run time.", 0.1, 0, 1, minExclusive: true);
var seedOption = ValueOptions.Seed("--seed", "Seed of weight initialisation, shuffling and dropout (the topology's seed, 42, is compiled in).", 1);
var dataOption = ValueOptions.Path("--data", "Folder with train-* and test-* (or t10k-*) IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with SparseGen.");
var trainSamplesOption = ValueOptions.Positive("--train-samples", "Use only the first N training images (default: all).");
var testSamplesOption = ValueOptions.Positive("--test-samples", "Use only the first N test images (default: all).");
var batchOption = ValueOptions.Integer("--batch-size", "Mini-batch size.", 32, 1, 1_000_000);
var saveOption = ValueOptions.Path("--save", "Save the trained model as a safetensors checkpoint (load it with examples/SparseGen.Examples.Inference).");
var plotOption = ValueOptions.Path("--plot", "Write an SVG plot of training and test loss and accuracy per epoch.");
var historyOption = ValueOptions.Path("--history", "Write the per-epoch history as CSV.");
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var kernelsOption = ValueOptions.Choice("--kernels", "generated: the code SparseGen compiled for the topology; generic: run-time ELL kernels reading the same topology's indices.", "generated", "generated", "generic");
var deviceOption = Devices.Option();
var threadsOption = ValueOptions.Threads("Each batch of more than 32 samples trains as chunks of 32 in parallel, and the test set is evaluated the same way; results do not depend on it.");
var compareOption = new Option<bool>("--compare") { Description = "Train USN at the density with generated kernels, then with generic kernels, then the dense network, in this process, and compare seconds per epoch and accuracy." };

var root = new RootCommand("Trains the USN paper's MLP (784 -> 250 ReLU, dropout 0.2 -> 10 softmax; Nadam 1e-3) on MNIST with SparseGen.")
{
    epochsOption, densityOption, seedOption, dataOption, trainSamplesOption, testSamplesOption, batchOption, kernelsOption, deviceOption, threadsOption, compareOption, saveOption, plotOption, historyOption, jsonOption,
};
root.SetAction(parse => Run(new Options(
    parse.GetValue(epochsOption), parse.GetValue(densityOption), parse.GetValue(seedOption),
    parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"),
    parse.GetValue(batchOption), parse.GetValue(saveOption), parse.GetValue(plotOption),
    parse.GetValue(historyOption), parse.GetValue(jsonOption), parse.GetValue(kernelsOption) == "generic", parse.GetValue(compareOption),
    parse.GetValue(deviceOption)!, parse.GetValue(threadsOption), ValueOptions.GivenOrNull(parse, trainSamplesOption), ValueOptions.GivenOrNull(parse, testSamplesOption))));
return Conventions.Examples.Run(root, args);

static int Run(Options o)
{
    if (Conventions.Examples.CheckOutputs(("--save", o.Save), ("--plot", o.Plot), ("--history", o.History)) is { } badOutput)
    {
        return Conventions.Examples.Fail(badOutput, ExitCodes.UsageError);
    }

    if (!Directory.Exists(o.Data))
    {
        return Conventions.Examples.Fail($"--data: the folder '{o.Data}' does not exist", ExitCodes.UsageError);
    }

    // The hidden layer's edges and the sample limits are checked before the data loads: the features and image counts come from the image files' headers alone.
    // A data file that cannot be read, training that diverges and a device that fails are each one error line and
    // exit code 1 (Conventions.Run), as in sparsegen.
    if (MnistModels.DensityProblem(o.Density, IdxDataset.TrainFeatureCount(o.Data)) is { } badDensity)
    {
        return Conventions.Examples.Fail($"--density: {badDensity}", ExitCodes.UsageError);
    }

    if (TrainingData.SubsetProblem(o.Data, o.TrainSamples, o.TestSamples) is { } badSubset)
    {
        return Conventions.Examples.Fail(badSubset, ExitCodes.UsageError);
    }

    using IlgpuBackend? accelerator = Devices.Open(o.Device);
    TrainingData data = TrainingData.LoadIdx(o.Data, standardize: true, o.TrainSamples, o.TestSamples);

    // Nadam 1e-3 on mini-batches, the test split evaluated after every epoch: the recipe sparsegen train uses.
    var recipe = new TrainingRecipe(o.Epochs, o.BatchSize) { Seed = o.Seed, Backend = accelerator, Threads = o.Threads };
    return o.Compare ? Compare(o, data, recipe, accelerator) : Train(o, data, recipe, accelerator);
}

static int Train(Options o, TrainingData data, TrainingRecipe recipe, IlgpuBackend? accelerator)
{
    var (model, kernels) = MnistModels.Create(o.Density, data.Train.FeatureCount, data.Train.ClassCount, o.Generic);
    model.Initialize(o.Seed);
    long parameters = model.Network.ParameterCount;
    Console.WriteLine($"{data.Train.Count} train / {data.Test.Count} test images from {o.Data}, standardised with the training split's mean {data.InputMean:F4} and std {data.InputStd:F4}");
    Console.WriteLine($"784-250-10 MLP, hidden density {o.Density.ToString(CultureInfo.InvariantCulture)}, {kernels} kernels, {parameters:N0} parameters, training on {Devices.Describe(accelerator, o.Threads)}");
    model.Summary(Console.Out);

    TrainingRun run = recipe.Run(model, new Nadam(1e-3), data, [TrainingConsole.Progress()]);
    Console.WriteLine($"test accuracy {run.TestAccuracy:P2} after {run.History.Count} epochs; training {run.TrainSeconds:F1} s ({run.SecondsPerEpoch:F2} s/epoch)");
    // Each output is written on its own, so a failed plot or history loses neither the checkpoint nor the others.
    var outputs = new OutputWriter(Conventions.Examples);
    outputs.Write(o.Save, "saved", path => Checkpoint.Save(run.Model, path, run.Optimizer,
        run.CheckpointMetadata([new("hidden.density", o.Density.ToString("R", CultureInfo.InvariantCulture))])));
    outputs.Write(o.History, "wrote", path => TrainingReport.WriteCsv(run.History, path));
    outputs.Write(o.Plot, "wrote", path => TrainingReport.WritePlot(run.History, path, $"MNIST 784-250-10, hidden density {o.Density.ToString(CultureInfo.InvariantCulture)} ({kernels} kernels), seed {o.Seed}"));
    if (outputs.ExitCode != ExitCodes.Success)
    {
        return outputs.ExitCode;
    }

    if (o.Json)
    {
        EpochResult last = run.Last;
        Console.WriteLine(JsonSerializer.Serialize(
            new RunSummary(last.ValidationAccuracy, last.ValidationLoss, last.TrainLoss, run.TrainSeconds, run.SecondsPerEpoch, run.History.Select(h => h.Seconds).ToArray(), run.History.Count,
                o.Density, parameters, kernels, o.Device, o.Threads, o.BatchSize, o.Seed),
            SummaryJson.Default.RunSummary));
    }

    return 0;
}

static int Compare(Options o, TrainingData data, TrainingRecipe recipe, IlgpuBackend? accelerator)
{
    var runs = new (string Name, double Density, bool Generic)[]
    {
        ($"USN {o.Density.ToString(CultureInfo.InvariantCulture)}, generated", o.Density, false),
        ($"USN {o.Density.ToString(CultureInfo.InvariantCulture)}, generic ELL", o.Density, true),
        ("dense, generated", 1.0, false),
    };
    var results = new System.Collections.Generic.List<(string Name, long Parameters, double SecondsPerEpoch, double Accuracy)>();
    foreach (var run in runs)
    {
        var (model, kernels) = MnistModels.Create(run.Density, data.Train.FeatureCount, data.Train.ClassCount, run.Generic);
        model.Initialize(o.Seed);
        Console.WriteLine($"{run.Name} ({kernels}), {model.Network.ParameterCount:N0} parameters:");
        var history = recipe.Run(model, new Nadam(1e-3), data, [new ConsoleProgress(Verbosity.EpochLines)]).History;

        // The first epoch carries the JIT's warm-up; seconds per epoch are taken over the others when there are any.
        var timed = history.Count > 1 ? history.Skip(1).ToArray() : history.ToArray();
        results.Add((run.Name, model.Network.ParameterCount, timed.Average(h => h.Seconds), history[^1].ValidationAccuracy!.Value));
    }

    Console.WriteLine();
    Console.WriteLine($"| model | parameters | seconds per epoch | test accuracy | dense time / this |");
    Console.WriteLine($"|---|---:|---:|---:|---:|");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Parameters:N0} | {r.SecondsPerEpoch:F3} | {r.Accuracy:P2} | {results[^1].SecondsPerEpoch / r.SecondsPerEpoch:F2}x |"));
    }

    if (o.Json)
    {
        Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new CompareRow(r.Name, r.Parameters, r.SecondsPerEpoch, r.Accuracy)).ToArray(), SummaryJson.Default.CompareRowArray));
    }

    return 0;
}

internal sealed record Options(int Epochs, double Density, ulong Seed, string Data, int BatchSize, string? Save, string? Plot, string? History, bool Json, bool Generic, bool Compare, string Device, int Threads, int? TrainSamples, int? TestSamples);
