using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen;
using SparseGen.CommandLine;
using SparseGen.Examples.Set;

var dataOption = ValueOptions.Path("--data", "Folder with train-* and test-* (or t10k-*) IDX files (raw or .gz), such as the full MNIST or Fashion-MNIST. Default: the 8,000/1,000-digit MNIST subset shipped with SparseGen.");
var trainSamplesOption = ValueOptions.Positive("--train-samples", "Use only the first N training images (default: all).");
var testSamplesOption = ValueOptions.Positive("--test-samples", "Use only the first N test images (default: all).");
var hiddenOption = ValueOptions.Text("--hidden", "Hidden layer sizes, comma-separated.", "1000,1000,1000");
var epsilonOption = ValueOptions.Number("--epsilon", "SET's epsilon: each layer starts as an Erdős–Rényi graph with round(epsilon (nin + nout)) edges (all of them when that is more).", 20, 0, 1e6, minExclusive: true);
var zetaOption = ValueOptions.Number("--zeta", "Fraction of the positive and of the negative weights closest to zero that each evolution removes and regrows.", 0.3, 0, 1);
var epochsOption = ValueOptions.Integer("--epochs", "Number of training epochs.", 30, 1, 100_000);
var staticOption = new Option<bool>("--static") { Description = "The same Erdős–Rényi network without evolution (a fixed topology)." };
var denseOption = new Option<bool>("--dense") { Description = "The fully connected network of the same sizes." };
var npsetOption = new Option<bool>("--npset") { Description = "SET with neuron pruning (NPSET): from epoch beta, for gamma epochs, each hidden layer loses the fraction alpha of its neurons." };
var pruningOption = ValueOptions.Choice("--pruning", "With --npset, which neurons go: fewest, those with the fewest (outgoing) connections, as the NPSET paper; importance, those whose summed absolute incoming weight is at or below --percentile.", "fewest", "fewest", "importance");
var alphaOption = ValueOptions.Number("--alpha", "With --npset: fraction of each hidden layer's neurons pruned per epoch, below 1.", 0.04, 0, 1);
var betaOption = ValueOptions.Integer("--beta", "With --npset: epochs trained before pruning starts.", 10, 1, 100_000);
var gammaOption = ValueOptions.Integer("--gamma", "With --npset: number of epochs that prune.", 40, 0, 100_000);
var percentileOption = ValueOptions.Number("--percentile", "With --npset --pruning importance: the percentile of summed absolute incoming weights at or below which a neuron goes, below 100.", 4, 0, 100);
var importancePeriodOption = ValueOptions.Integer("--importance-period", "With --npset --pruning importance: epochs between two prunings from --beta on (the truly sparse reference: 10, with --beta 211 --percentile 20).", 1, 1, 100_000);
var activationOption = ValueOptions.Choice("--activation", "Hidden layers' activation: relu, or all-relu, leaky ReLUs whose slope below zero alternates -alpha, alpha, -alpha, ... (Curci et al. 2021).", "relu", "relu", "all-relu");
var slopeOption = ValueOptions.Number("--slope", "With --activation all-relu: alpha, the magnitude of the alternating slopes.", AllRelu.DefaultAlpha, 0, 1000, minExclusive: true);
var optimizerOption = ValueOptions.Choice("--optimizer", "adam, or momentum (SGD with momentum, as the truly sparse reference).", "adam", "adam", "momentum");
var momentumOption = ValueOptions.Number("--momentum", "With --optimizer momentum: the momentum coefficient, below 1.", 0.9, 0, 1);
var initOption = ValueOptions.Choice("--init", "The first weights: glorot-uniform, or he-uniform (as the truly sparse reference).", "glorot-uniform", "glorot-uniform", "he-uniform");
var regrowthOption = ValueOptions.Choice("--regrowth", "Initial weight of a new edge: glorot-uniform (as the first weights), he-uniform, normal (N(0, 0.1^2), the first SET code), zero (the Keras SET code).", "glorot-uniform", "glorot-uniform", "he-uniform", "normal", "zero");
var evolveOutputOption = new Option<bool>("--evolve-output") { Description = "Evolve the output layer too (the references differ; by default it stays)." };
var seedOption = ValueOptions.Seed("--seed", "Seed of the topologies, weights, shuffling, dropout and evolution.", 1);
var batchOption = ValueOptions.Integer("--batch-size", "Mini-batch size.", 32, 1, 1_000_000);
var lrOption = ValueOptions.Number("--lr", "The optimizer's learning rate.", 1e-3, 0, 1000, minExclusive: true);
var dropoutOption = ValueOptions.Number("--dropout", "Dropout rate of the hidden layers, below 1.", 0.3, 0, 1);
var decayOption = ValueOptions.Number("--weight-decay", "L2 weight decay added to the weights' gradients.", 1e-4, 0, 1000);
var deviceOption = Devices.Option();
var resumeOption = ValueOptions.Path("--resume", "Continue a run saved with --save for --epochs more epochs: the network (sizes, learned topology, activations, dropout, weights), the optimizer's state and the evolution's position come from the file. Give the variant, --optimizer, --seed and the evolution's options as the run had them; --hidden, --epsilon, --init, --activation and --slope come from the file, and --dropout, when given, replaces the hidden layers' rates it records.");
var saveOption = ValueOptions.Path("--save", "Save the trained model, optimizer and evolution state as a safetensors checkpoint (the learned topology included).");
var mtxOption = ValueOptions.Path("--mtx-dir", "Write each layer's final topology as a Matrix Market file into this folder (created if missing).");
var svgOption = ValueOptions.Path("--svg", "Write an SVG heat map of the input layer's connections per input, on a square grid (28 x 28 for MNIST), before training, half-way and at the end.");
var historyOption = ValueOptions.Path("--history", "Write the per-epoch history as CSV: losses, accuracies, seconds, edges removed and added, neurons pruned, units and edges per layer.");
var threadsOption = ValueOptions.Threads("Each batch of more than 32 samples trains as chunks of 32 in parallel, and the test set is evaluated the same way; results do not depend on it.");
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };

var root = new RootCommand("Sparse Evolutionary Training (SET, Mocanu et al. 2018) and SET with neuron pruning (NPSET, Liu et al. 2019) of an MLP on MNIST-style data, against the static Erdős–Rényi and the dense network.")
{
    dataOption, trainSamplesOption, testSamplesOption, hiddenOption, epsilonOption, zetaOption, epochsOption, staticOption, denseOption, npsetOption, pruningOption, alphaOption, betaOption,
    gammaOption, percentileOption, importancePeriodOption, activationOption, slopeOption, optimizerOption, momentumOption, initOption, regrowthOption, evolveOutputOption, seedOption, batchOption, lrOption, dropoutOption, decayOption, deviceOption,
    threadsOption, resumeOption, saveOption, mtxOption, svgOption, historyOption, jsonOption,
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
    bool importance = npset && parse.GetValue(pruningOption) == "importance", allRelu = parse.GetValue(activationOption) == "all-relu", momentum = parse.GetValue(optimizerOption) == "momentum";
    Require(importance || !Given(importancePeriodOption), "--importance-period applies only with --npset --pruning importance.");
    Require(allRelu || !Given(slopeOption), "--slope applies only with --activation all-relu.");
    Require(momentum || !Given(momentumOption), "--momentum applies only with --optimizer momentum.");
    Require(parse.GetValue(momentumOption) < 1, "--momentum must be below 1.");
    Require(!(isStatic || dense) || !new Option[] { zetaOption, regrowthOption, evolveOutputOption }.Any(Given), "--zeta, --regrowth and --evolve-output apply only to evolving networks (not with --static or --dense).");
    Require(!dense || !Given(epsilonOption), "--epsilon does not apply to --dense, which connects every pair.");
    double alpha = parse.GetValue(alphaOption), percentile = parse.GetValue(percentileOption), dropout = parse.GetValue(dropoutOption);
    Require(alpha < 1, "--alpha must be below 1: a layer keeps at least one neuron.");
    Require(percentile < 100, "--percentile must be below 100.");
    Require(dropout < 1, "--dropout must be below 1.");
    string? resume = parse.GetValue(resumeOption);
    Require(resume is null || !new Option[] { hiddenOption, epsilonOption, initOption, activationOption, slopeOption }.Any(Given),
        "--hidden, --epsilon, --init, --activation and --slope come from the checkpoint with --resume; drop them.");
    Require(resume is null || File.Exists(resume), $"--resume: the file '{resume}' does not exist.");
    string? save = parse.GetValue(saveOption), svg = parse.GetValue(svgOption), history = parse.GetValue(historyOption), mtx = parse.GetValue(mtxOption);
    string data = parse.GetValue(dataOption) ?? Path.Combine(AppContext.BaseDirectory, "data", "mnist");
    Require(Directory.Exists(data), $"--data: the folder '{data}' does not exist.");
    if (error is not null)
    {
        return Conventions.Examples.Fail(error, ExitCodes.UsageError);
    }

    // The sample limits and the network's sizes, checked before the data loads: the image counts and the features come from the image file's header alone;
    // the classes (2 to 256, from the labels) only after loading, so here every class count must fit (Runner checks
    // the one the data has again).
    int? trainSamples = ValueOptions.GivenOrNull(parse, trainSamplesOption), testSamples = ValueOptions.GivenOrNull(parse, testSamplesOption);
    if (TrainingData.SubsetProblem(data, trainSamples, testSamples) is { } subsetProblem)
    {
        return Conventions.Examples.Fail(subsetProblem, ExitCodes.UsageError);
    }

    int features = IdxDataset.TrainFeatureCount(data);
    int side = (int)Math.Round(Math.Sqrt(features));
    if (svg is not null && side * side != features)
    {
        return Conventions.Examples.Fail($"--svg draws the inputs on a square grid, but the data has {features} features", ExitCodes.UsageError);
    }

    string variant = dense ? "dense" : isStatic ? "static" : npset ? "npset" : "set";
    int beta = parse.GetValue(betaOption), gamma = parse.GetValue(gammaOption);
    var pruning = !npset ? null : importance
        ? NeuronPruning.Importance(percentile, beta, gamma, parse.GetValue(importancePeriodOption)) : NeuronPruning.FewestConnections(alpha, beta, gamma);
    var training = new SetTraining(allRelu ? parse.GetValue(slopeOption) : null, momentum ? parse.GetValue(momentumOption) : null,
        parse.GetValue(initOption) == "he-uniform" ? WeightInitializer.HeUniform : WeightInitializer.GlorotUniform);
    var regrowth = parse.GetValue(regrowthOption) switch
    {
        "he-uniform" => RegrowthInitializer.HeUniform,
        "normal" => RegrowthInitializer.Normal,
        "zero" => RegrowthInitializer.Zero,
        _ => RegrowthInitializer.GlorotUniform,
    };
    double zeta = parse.GetValue(zetaOption);
    var options = new SetRun(data, trainSamples, testSamples, hidden, parse.GetValue(epsilonOption), zeta, parse.GetValue(epochsOption), variant, pruning, regrowth,
        parse.GetValue(evolveOutputOption), parse.GetValue(seedOption), parse.GetValue(batchOption), parse.GetValue(lrOption), dropout,
        parse.GetValue(decayOption), training, parse.GetValue(deviceOption)!, save, mtx is null ? null : Path.GetFullPath(mtx), svg, history, parse.GetValue(jsonOption), parse.GetValue(threadsOption));
    if (resume is null)
    {
        error = SetNetwork.Problem(features, hidden, null, options.Epsilon, dense, options.BatchSize);
    }
    else
    {
        error = Resumption.Check(resume, variant, training.Optimizer(options.LearningRate), options.NewEvolution(), features, out Resumption? resumption);
        options = resumption is null ? options : options with
        {
            Resume = resumption, Hidden = resumption.Hidden, Epsilon = resumption.Epsilon ?? options.Epsilon, ResumeDropout = Given(dropoutOption) ? dropout : null,
        };
    }

    // The Matrix Market files --mtx-dir will hold (Runner names the layers Hidden1.. and Output) are outputs too;
    // a folder still to be made must not be another output's file.
    (string, string?)[] mtxFiles = mtx is null ? [] : !Directory.Exists(mtx) ? [("--mtx-dir", mtx)]
        : [.. Enumerable.Range(1, options.Hidden.Length).Select(l => $"Hidden{l}.mtx").Append("Output.mtx").Select(f => ("--mtx-dir", (string?)Path.Combine(mtx, f)))];
    error ??= Conventions.Examples.CheckOutputs([("--save", save), ("--svg", svg), ("--history", history), .. mtxFiles]);
    Require(mtx is null || (!File.Exists(mtx) && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(mtx)))), $"--mtx-dir: '{mtx}' is a file, or its parent folder does not exist.");
    if (error is not null)
    {
        return Conventions.Examples.Fail(error, ExitCodes.UsageError);
    }

    return Runner.Run(options);
});

return Conventions.Examples.Run(root, args);

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
