using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Backends.Device;
using SparseGen.Examples.Set;
using SparseGen.IO;
using SparseGen.Kernels;
using Spectre.Console;

var dataOption = new Option<DirectoryInfo>("--data") { Description = "Folder with train-* and test-* IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with SparseGen." };
var hiddenOption = new Option<string>("--hidden") { Description = "Hidden layer sizes, comma-separated.", DefaultValueFactory = _ => "1000,1000,1000" };
var epsilonOption = new Option<double>("--epsilon") { Description = "SET's epsilon: each layer starts as an Erdős–Rényi graph with round(epsilon (nin + nout)) edges (all of them when that is more).", DefaultValueFactory = _ => 20 };
var zetaOption = new Option<double>("--zeta") { Description = "Fraction of the positive and of the negative weights closest to zero that each evolution removes and regrows, in [0, 1].", DefaultValueFactory = _ => 0.3 };
var epochsOption = new Option<int>("--epochs") { Description = "Number of training epochs.", DefaultValueFactory = _ => 30 };
var staticOption = new Option<bool>("--static") { Description = "The same Erdős–Rényi network without evolution (a fixed topology)." };
var denseOption = new Option<bool>("--dense") { Description = "The fully connected network of the same sizes." };
var npsetOption = new Option<bool>("--npset") { Description = "SET with neuron pruning (NPSET): from epoch beta, for gamma epochs, each hidden layer loses the fraction alpha of its neurons." };
var pruningOption = new Option<string>("--pruning") { Description = "With --npset, which neurons go: fewest, those with the fewest (outgoing) connections, as the NPSET paper; importance, those whose summed absolute incoming weight is at or below --percentile.", DefaultValueFactory = _ => "fewest" };
pruningOption.AcceptOnlyFromAmong("fewest", "importance");
var alphaOption = new Option<double>("--alpha") { Description = "With --npset: fraction of each hidden layer's neurons pruned per epoch.", DefaultValueFactory = _ => 0.04 };
var betaOption = new Option<int>("--beta") { Description = "With --npset: epochs trained before pruning starts.", DefaultValueFactory = _ => 10 };
var gammaOption = new Option<int>("--gamma") { Description = "With --npset: number of epochs that prune.", DefaultValueFactory = _ => 40 };
var percentileOption = new Option<double>("--percentile") { Description = "With --npset --pruning importance: the percentile of summed absolute incoming weights at or below which a neuron goes.", DefaultValueFactory = _ => 4 };
var regrowthOption = new Option<string>("--regrowth") { Description = "Initial weight of a new edge: glorot-uniform (as the first weights), he-uniform, normal (N(0, 0.1^2), the first SET code), zero (the Keras SET code).", DefaultValueFactory = _ => "glorot-uniform" };
regrowthOption.AcceptOnlyFromAmong("glorot-uniform", "he-uniform", "normal", "zero");
var evolveOutputOption = new Option<bool>("--evolve-output") { Description = "Evolve the output layer too (the references differ; by default it stays)." };
var seedOption = new Option<ulong>("--seed") { Description = "Seed of the topologies, weights, shuffling, dropout and evolution.", DefaultValueFactory = _ => 1 };
var batchOption = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 32 };
var lrOption = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => 1e-3 };
var dropoutOption = new Option<double>("--dropout") { Description = "Dropout rate of the hidden layers, in [0, 1).", DefaultValueFactory = _ => 0.3 };
var decayOption = new Option<double>("--weight-decay") { Description = "L2 weight decay added to the weights' gradients.", DefaultValueFactory = _ => 1e-4 };
var deviceOption = new Option<string>("--device") { Description = "Where training steps run: cpu; opencl, the first OpenCL GPU, else the first OpenCL device (PoCL runs on the CPU); cuda, the first NVIDIA GPU.", DefaultValueFactory = _ => "cpu" };
deviceOption.AcceptOnlyFromAmong("cpu", "opencl", "cuda");
var saveOption = new Option<FileInfo>("--save") { Description = "Save the trained model, optimizer and evolution state as a safetensors checkpoint (the learned topology included)." };
var mtxOption = new Option<DirectoryInfo>("--mtx-dir") { Description = "Write each layer's final topology as a Matrix Market file into this folder (created if missing)." };
var svgOption = new Option<FileInfo>("--svg") { Description = "Write an SVG heat map of the input layer's connections per input, on a square grid (28 x 28 for MNIST), before training, half-way and at the end." };
var historyOption = new Option<FileInfo>("--history") { Description = "Write the per-epoch history as CSV: losses, accuracies, seconds, edges removed and added, neurons pruned, units and edges per layer." };
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };

var root = new RootCommand("Sparse Evolutionary Training (SET, Mocanu et al. 2018) and SET with neuron pruning (NPSET, Liu et al. 2019) of an MLP on MNIST-style data, against the static Erdős–Rényi and the dense network.")
{
    dataOption, hiddenOption, epsilonOption, zetaOption, epochsOption, staticOption, denseOption, npsetOption, pruningOption, alphaOption, betaOption,
    gammaOption, percentileOption, regrowthOption, evolveOutputOption, seedOption, batchOption, lrOption, dropoutOption, decayOption, deviceOption,
    saveOption, mtxOption, svgOption, historyOption, jsonOption,
};
root.SetAction(parse =>
{
    bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
    string? error = null;
    void Require(bool ok, string message) => error ??= ok ? null : message;

    int[] hidden = ParseSizes(parse.GetValue(hiddenOption)!, ref error);
    bool npset = parse.GetValue(npsetOption), isStatic = parse.GetValue(staticOption), dense = parse.GetValue(denseOption);
    Require(new[] { npset, isStatic, dense }.Count(f => f) <= 1, "--static, --dense and --npset exclude each other; give at most one.");
    Require(npset || !new Option[] { pruningOption, alphaOption, betaOption, gammaOption, percentileOption }.Any(Given), "--pruning, --alpha, --beta, --gamma and --percentile apply only with --npset.");
    Require(!(isStatic || dense) || !new Option[] { zetaOption, regrowthOption, evolveOutputOption }.Any(Given), "--zeta, --regrowth and --evolve-output apply only to evolving networks (not with --static or --dense).");
    Require(!dense || !Given(epsilonOption), "--epsilon does not apply to --dense, which connects every pair.");
    double epsilon = parse.GetValue(epsilonOption), zeta = parse.GetValue(zetaOption), alpha = parse.GetValue(alphaOption), percentile = parse.GetValue(percentileOption);
    double lr = parse.GetValue(lrOption), dropout = parse.GetValue(dropoutOption), decay = parse.GetValue(decayOption);
    int epochs = parse.GetValue(epochsOption), batch = parse.GetValue(batchOption), beta = parse.GetValue(betaOption), gamma = parse.GetValue(gammaOption);
    Require(epochs >= 1, $"--epochs must be at least 1, was {epochs}.");
    Require(batch >= 1, $"--batch-size must be at least 1, was {batch}.");
    Require(epsilon > 0 && double.IsFinite(epsilon), $"--epsilon must be a positive number, was {Text(epsilon)}.");
    Require(zeta >= 0 && zeta <= 1, $"--zeta must be in [0, 1], was {Text(zeta)}.");
    Require(alpha >= 0 && alpha < 1, $"--alpha must be in [0, 1), was {Text(alpha)}.");
    Require(beta >= 1, $"--beta must be at least 1, was {beta}.");
    Require(gamma >= 0, $"--gamma must be at least 0, was {gamma}.");
    Require(percentile >= 0 && percentile < 100, $"--percentile must be in [0, 100), was {Text(percentile)}.");
    Require(lr > 0 && double.IsFinite(lr), $"--lr must be a positive number, was {Text(lr)}.");
    Require(dropout >= 0 && dropout < 1, $"--dropout must be in [0, 1), was {Text(dropout)}.");
    Require(decay >= 0 && double.IsFinite(decay), $"--weight-decay must be a number of at least 0, was {Text(decay)}.");
    string? save = parse.GetValue(saveOption)?.FullName, svg = parse.GetValue(svgOption)?.FullName, history = parse.GetValue(historyOption)?.FullName;
    string? mtx = parse.GetValue(mtxOption)?.FullName;
    foreach (var (name, path) in new[] { ("--save", save), ("--svg", svg), ("--history", history) })
    {
        Require(path is null || Directory.Exists(Path.GetDirectoryName(path)), $"{name}: the folder of {path} does not exist.");
    }

    Require(mtx is null || !File.Exists(mtx), $"--mtx-dir: {mtx} is a file, not a folder.");
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
        return 2;
    }

    string variant = dense ? "dense" : isStatic ? "static" : npset ? "npset" : "set";
    var pruning = !npset ? null : parse.GetValue(pruningOption) == "importance"
        ? NeuronPruning.Importance(percentile, beta, gamma) : NeuronPruning.FewestConnections(alpha, beta, gamma);
    var regrowth = parse.GetValue(regrowthOption) switch
    {
        "he-uniform" => RegrowthInitializer.HeUniform,
        "normal" => RegrowthInitializer.Normal,
        "zero" => RegrowthInitializer.Zero,
        _ => RegrowthInitializer.GlorotUniform,
    };
    var options = new SetRun(parse.GetValue(dataOption)?.FullName ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist"), hidden, epsilon, zeta,
        epochs, variant, pruning, regrowth, parse.GetValue(evolveOutputOption), parse.GetValue(seedOption), batch, lr, dropout, decay,
        parse.GetValue(deviceOption)!, save, mtx, svg, history, parse.GetValue(jsonOption));
    return Runner.Run(options);
});

ParseResult parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line: some parser messages list the allowed values on lines of their own.
    Console.Error.WriteLine($"error: {string.Join(' ', parsed.Errors[0].Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}");
    return 2;
}

return parsed.Invoke();

static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

static int[] ParseSizes(string text, ref string? error)
{
    string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
    var sizes = new int[parts.Length];
    for (int k = 0; k < parts.Length; k++)
    {
        if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[k]) || sizes[k] < 1)
        {
            error ??= $"--hidden must list layer sizes of at least 1, comma-separated (such as 1000,1000,1000); '{parts[k]}' is not one.";
            return [];
        }
    }

    return sizes;
}
