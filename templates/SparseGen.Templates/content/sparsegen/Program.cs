using System;
using System.Linq;
using SparseGen;
using SparseGen.IO;

// Arguments: the data folder (train-* and test-* or t10k-* IDX files, raw or .gz) and the number of epochs.
string data = args.Length > 0 ? args[0] : "data/mnist";
int epochs = args.Length > 1 ? int.Parse(args[1]) : 10;

var (train, test) = IdxDataset.LoadSplits(data);
var scaler = FeatureScaler.FitStandard(train, perFeature: false);   // fitted on the training split only
train = scaler.Transform(train);
test = scaler.Transform(test);

var model = new MnistNet();
model.Initialize(seed: 1);
Console.Write(model.Summary());   // layers, patterns, densities, edges, parameters, kernel strategies

var optimizer = new Nadam(1e-3);
var trainer = new Trainer(model, optimizer, Loss.CategoricalCrossEntropy) { Seed = 1 };
History history = trainer.Fit(train, epochs, batchSize: 32, validation: test);   // a progress bar per epoch in a terminal
Console.WriteLine(history);       // one row per epoch
TrainingReport.WritePlot(history, "history.svg", "MyNet: MNIST 784-300-100-10");

Checkpoint.Save(model, "mnist.safetensors", optimizer);
var reloaded = new MnistNet();
Checkpoint.Load(reloaded, "mnist.safetensors");   // throws if the file's topology is not this model's

var probabilities = new float[10];
reloaded.Predict(test.Features(0), probabilities);
int digit = Array.IndexOf(probabilities, probabilities.Max());
Console.WriteLine($"test image 0: predicted {digit} (p = {probabilities[digit]:F3}), label {test.Labels[0]}");
Console.WriteLine($"reloaded model: test accuracy {trainer.Evaluate(test).Accuracy:P2}");

// The model: declared here, implemented by the generator. In Program.cs, types come after the top-level statements.
[SparseModel(Inputs = 784)]
public sealed partial class MnistNet
{
    [SparseLayer(0.1, ConnectivityPattern.Uniform, 42, Units = 300, Activation = Activation.Relu)]
    public partial ISparseLayer Hidden1 { get; }

    [SparseLayer(0.1, ConnectivityPattern.FibonacciRotating, 0, Units = 100, Activation = Activation.Relu)]   // deterministic: seed 0
    public partial ISparseLayer Hidden2 { get; }

    [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 10, Activation = Activation.Softmax)]
    public partial ISparseLayer Output { get; }
}
