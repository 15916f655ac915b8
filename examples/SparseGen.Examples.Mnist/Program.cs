using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.Examples.Mnist;

var epochsOption = new Option<int>("--epochs") { Description = "Number of training epochs.", DefaultValueFactory = _ => 10 };
var densityOption = new Option<double>("--density") { Description = "Density of the hidden layer in (0, 1]; 1.0 is the fully connected network. 0.01, 0.05, 0.1, 0.2 and 1.0 run generated kernels, other values build the topology at run time.", DefaultValueFactory = _ => 0.1 };
var seedOption = new Option<ulong>("--seed") { Description = "Seed of weight initialisation, shuffling and dropout (the topology's seed, 42, is compiled in).", DefaultValueFactory = _ => 1 };
var dataOption = new Option<DirectoryInfo>("--data") { Description = "Folder with train-* and test-* IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with SparseGen." };
var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 32 };
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
epochsOption.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--epochs must be at least 1."); });
batchOption.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch-size must be at least 1."); });
densityOption.Validators.Add(r =>
{
    double d = r.GetValueOrDefault<double>();
    if (!(d > 0 && d <= 1)) r.AddError($"--density must be in (0, 1], was {d}.");
});

var root = new RootCommand("Trains the USN paper's MLP (784 -> 250 ReLU, dropout 0.2 -> 10 softmax; Nadam 1e-3) on MNIST with SparseGen.")
{
    epochsOption, densityOption, seedOption, dataOption, batchOption, jsonOption,
};
root.SetAction(parse => Run(
    parse.GetValue(epochsOption), parse.GetValue(densityOption), parse.GetValue(seedOption),
    parse.GetValue(dataOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"),
    parse.GetValue(batchOption), parse.GetValue(jsonOption)));
return root.Parse(args).Invoke();

static int Run(int epochs, double density, ulong seed, string dataDirectory, int batchSize, bool json)
{
    Dataset train, test;
    try
    {
        (train, test) = IdxDataset.LoadSplits(dataDirectory);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }

    var scaler = FeatureScaler.FitStandard(train, perFeature: false);
    float mean = scaler.Offsets[0], std = scaler.Scales[0];
    train = scaler.Transform(train);
    test = scaler.Transform(test);
    var (model, kernels) = MnistModels.Create(density, train.FeatureCount, train.ClassCount);
    model.Initialize(seed);
    long parameters = model.Network.ParameterCount;
    Console.WriteLine($"{train.Count} train / {test.Count} test images from {dataDirectory}, standardised with the training split's mean {mean:F4} and std {std:F4}");
    Console.WriteLine($"784-250-10 MLP, hidden density {density.ToString(CultureInfo.InvariantCulture)}, {kernels} kernels, {parameters:N0} parameters");
    foreach (ISparseLayer layer in model.Layers)
    {
        Console.WriteLine($"  {layer}");
    }

    var trainer = new Trainer(model, new Nadam(1e-3), Loss.CategoricalCrossEntropy) { Seed = seed };
    var history = trainer.Fit(train, epochs, batchSize, validation: test, callbacks: [new EpochLines(epochs)]);
    EpochResult last = history[^1];
    double seconds = history.Sum(h => h.Seconds);
    Console.WriteLine($"test accuracy {last.ValidationAccuracy:P2} after {epochs} epochs; training {seconds:F1} s ({seconds / epochs:F2} s/epoch)");
    if (json)
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            test_accuracy = last.ValidationAccuracy,
            test_loss = last.ValidationLoss,
            train_loss = last.TrainLoss,
            train_seconds = seconds,
            seconds_per_epoch = seconds / epochs,
            epochs,
            density,
            parameters,
            kernels,
            batch_size = batchSize,
            seed,
        }));
    }

    return 0;
}

/// <summary>Prints one line per epoch as training reports it.</summary>
internal sealed class EpochLines(int epochs) : TrainingCallback
{
    public override void OnEpochEnd(EpochResult r, TrainingControl control) => Console.WriteLine(
        $"epoch {r.Epoch,3}/{epochs}  train loss {r.TrainLoss:F4}  train acc {r.TrainAccuracy:P2}  test loss {r.ValidationLoss:F4}  test acc {r.ValidationAccuracy:P2}  {r.Seconds:F2} s");
}
