using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen;
using SparseGen.Examples;
using SparseGen.Examples.Mnist;
using SparseGen.Ilgpu;
using SparseGen.IO;

var epochsOption = CommandLine.Integer("--epochs", "Number of training epochs.", 10, 1, 100_000);
var densityOption = CommandLine.Number("--density", "Density of the hidden layer; 1.0 is the fully connected network. 0.01, 0.05, 0.1, 0.2 and 1.0 run generated kernels, other values build the topology at run time.", 0.1, 0, 1, minExclusive: true);
var seedOption = CommandLine.Seed("--seed", "Seed of weight initialisation, shuffling and dropout (the topology's seed, 42, is compiled in).", 1);
var dataOption = CommandLine.Path("--data", "Folder with train-* and test-* (or t10k-*) IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with SparseGen.");
var batchOption = CommandLine.Integer("--batch-size", "Mini-batch size.", 32, 1, 1_000_000);
var saveOption = CommandLine.Path("--save", "Save the trained model as a safetensors checkpoint (load it with examples/SparseGen.Examples.Inference).");
var plotOption = CommandLine.Path("--plot", "Write an SVG plot of training and test loss and accuracy per epoch.");
var historyOption = CommandLine.Path("--history", "Write the per-epoch history as CSV.");
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var kernelsOption = CommandLine.Choice("--kernels", "generated: the code SparseGen compiled for the topology; generic: run-time ELL kernels reading the same topology's indices.", "generated", "generated", "generic");
var deviceOption = new Option<string>("--device") { Description = "Where training steps run: cpu; ilgpu-cpu, ILGPU's CPU accelerator (slow; for checks); cuda, the first NVIDIA GPU; opencl, the first OpenCL 2.0+ device.", DefaultValueFactory = _ => "cpu" };
deviceOption.AcceptOnlyFromAmong("cpu", "ilgpu-cpu", "cuda", "opencl");
var threadsOption = CommandLine.Threads("Each batch of more than 32 samples trains as chunks of 32 in parallel, and the test set is evaluated the same way; results do not depend on it.");
var compareOption = new Option<bool>("--compare") { Description = "Train USN at the density with generated kernels, then with generic kernels, then the dense network, in this process, and compare seconds per epoch and accuracy." };

var root = new RootCommand("Trains the USN paper's MLP (784 -> 250 ReLU, dropout 0.2 -> 10 softmax; Nadam 1e-3) on MNIST with SparseGen.")
{
    epochsOption, densityOption, seedOption, dataOption, batchOption, kernelsOption, deviceOption, threadsOption, compareOption, saveOption, plotOption, historyOption, jsonOption,
};
root.SetAction(parse => Run(new Options(
    parse.GetValue(epochsOption), parse.GetValue(densityOption), parse.GetValue(seedOption),
    parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"),
    parse.GetValue(batchOption), parse.GetValue(saveOption), parse.GetValue(plotOption),
    parse.GetValue(historyOption), parse.GetValue(jsonOption), parse.GetValue(kernelsOption) == "generic", parse.GetValue(compareOption),
    parse.GetValue(deviceOption)!, parse.GetValue(threadsOption))));
return CommandLine.Run(root, args);

static int Run(Options o)
{
    if (CommandLine.CheckOutputs(("--save", o.Save), ("--plot", o.Plot), ("--history", o.History)) is { } badOutput)
    {
        return CommandLine.Fail(badOutput, CommandLine.UsageError);
    }

    if (!Directory.Exists(o.Data))
    {
        return CommandLine.Fail($"--data: the folder '{o.Data}' does not exist", CommandLine.UsageError);
    }

    Dataset train, test;
    try
    {
        (train, test) = IdxDataset.LoadSplits(o.Data);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        return CommandLine.Fail(e.Message, CommandLine.Failure);
    }

    if (MnistModels.DensityProblem(o.Density, train.FeatureCount) is { } badDensity)
    {
        return CommandLine.Fail($"--density: {badDensity}", CommandLine.UsageError);
    }

    if (!TrainingConsole.TryOpen(o.Device, out IlgpuBackend? accelerator))
    {
        return CommandLine.Failure;
    }

    using (accelerator)
    {
        return Train(o, train, test, accelerator);
    }
}

static int Train(Options o, Dataset train, Dataset test, IlgpuBackend? accelerator)
{
    var scaler = FeatureScaler.FitStandard(train, perFeature: false);
    float mean = scaler.Offsets[0], std = scaler.Scales[0];
    train = scaler.Transform(train);
    test = scaler.Transform(test);
    if (o.Compare)
    {
        return Compare(o, train, test, accelerator);
    }

    var (model, kernels) = MnistModels.Create(o.Density, train.FeatureCount, train.ClassCount, o.Generic);
    model.Initialize(o.Seed);
    long parameters = model.Network.ParameterCount;
    Console.WriteLine($"{train.Count} train / {test.Count} test images from {o.Data}, standardised with the training split's mean {mean:F4} and std {std:F4}");
    Console.WriteLine($"784-250-10 MLP, hidden density {o.Density.ToString(CultureInfo.InvariantCulture)}, {kernels} kernels, {parameters:N0} parameters, training on {accelerator?.ToString() ?? $"the CPU ({o.Threads} threads)"}");
    model.Summary(Console.Out);

    var optimizer = new Nadam(1e-3);
    var trainer = new Trainer(model, optimizer, Loss.CategoricalCrossEntropy) { Seed = o.Seed, Backend = (IBackend?)accelerator ?? new CpuBackend { Threads = o.Threads } };
    IReadOnlyList<EpochResult> history;
    try
    {
        history = trainer.Fit(train, o.Epochs, o.BatchSize, validation: test, callbacks: [TrainingConsole.Progress()]);
    }
    catch (Exception e) when (e is TrainingDivergedException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }

    EpochResult last = history[^1];
    double seconds = history.Sum(h => h.Seconds);
    Console.WriteLine($"test accuracy {last.ValidationAccuracy:P2} after {history.Count} epochs; training {seconds:F1} s ({seconds / history.Count:F2} s/epoch)");
    // Each output is written on its own, so a failed plot or history loses neither the checkpoint nor the others.
    int status = 0;
    Write(o.Save, "saved", path => Checkpoint.Save(model, path, optimizer, new Dictionary<string, string>
    {
        ["preprocessing.mean"] = mean.ToString("R", CultureInfo.InvariantCulture),
        ["preprocessing.std"] = std.ToString("R", CultureInfo.InvariantCulture),
        ["test_accuracy"] = last.ValidationAccuracy!.Value.ToString("R", CultureInfo.InvariantCulture),
        ["hidden.density"] = o.Density.ToString("R", CultureInfo.InvariantCulture),
    }));
    Write(o.History, "wrote", path => TrainingReport.WriteCsv(history, path));
    Write(o.Plot, "wrote", path => TrainingReport.WritePlot(history, path, $"MNIST 784-250-10, hidden density {o.Density.ToString(CultureInfo.InvariantCulture)} ({kernels} kernels), seed {o.Seed}"));
    if (status != 0)
    {
        return status;
    }

    if (o.Json)
    {
        Console.WriteLine(JsonSerializer.Serialize(
            new RunSummary(last.ValidationAccuracy, last.ValidationLoss, last.TrainLoss, seconds, seconds / history.Count, history.Select(h => h.Seconds).ToArray(), history.Count,
                o.Density, parameters, kernels, o.Device, o.Threads, o.BatchSize, o.Seed),
            SummaryJson.Default.RunSummary));
    }

    return 0;

    void Write(string? path, string verb, Action<string> write)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            write(path);
            Console.WriteLine($"{verb} {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            status = CommandLine.Fail(e.Message, CommandLine.Failure);
        }
    }
}

static int Compare(Options o, Dataset train, Dataset test, IlgpuBackend? accelerator)
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
        var (model, kernels) = MnistModels.Create(run.Density, train.FeatureCount, train.ClassCount, run.Generic);
        model.Initialize(o.Seed);
        Console.WriteLine($"{run.Name} ({kernels}), {model.Network.ParameterCount:N0} parameters:");
        var history = new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = o.Seed, Backend = (IBackend?)accelerator ?? new CpuBackend { Threads = o.Threads } }
            .Fit(train, o.Epochs, o.BatchSize, validation: test, callbacks: [new ConsoleProgress(Verbosity.EpochLines)]);

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

internal sealed record Options(int Epochs, double Density, ulong Seed, string Data, int BatchSize, string? Save, string? Plot, string? History, bool Json, bool Generic, bool Compare, string Device, int Threads);
