using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen;
using SparseGen.CommandLine;
using SparseGen.Examples;
using SparseGen.Examples.Learned;
using SparseGen.IO;
using SparseGen.Kernels;

// Learned topologies, end to end (docs/learned-topologies.md): `train` evolves a network's hidden topology with SET on
// the generic kernels and exports each layer as a Matrix Market file beside its checkpoint;
// `classify` runs LearnedMnist, compiled from such files, against the generic model on the same topology.
string defaultData = Path.Combine(AppContext.BaseDirectory, "data", "mnist");

var outOption = ValueOptions.Path("--out", "Folder for model.safetensors, hidden.mtx and output.mtx (created if missing).");
outOption.Required = true;
var epochsOption = ValueOptions.Integer("--epochs", "Number of training epochs.", 10, 1, 100_000);
var densityOption = ValueOptions.Number("--density", "Density of the hidden layer's topology: it starts as an Erdős–Rényi graph and keeps its edge count.", 0.1, 0, 1, minExclusive: true);
var zetaOption = ValueOptions.Number("--zeta", "SET's zeta: after each epoch but the last, the fraction of the hidden layer's positive and of its negative weights closest to zero is removed and as many new edges grow at random (Mocanu et al. 2018); 0 keeps the starting topology.", 0.3, 0, 1);
var seedOption = ValueOptions.Seed("--seed", "Seed of weight initialisation, shuffling and dropout (the topology's seed is 42).", 1);
var deviceOption = Devices.Option();
var threadsOption = ValueOptions.Threads("Each batch of more than 32 samples trains as chunks of 32 in parallel; results do not depend on it.");
var trainData = ValueOptions.Path("--data", "Folder with train-* and test-* (or t10k-*) IDX files. Default: the MNIST subset shipped with SparseGen.");
var train = new Command("train", "Trains the 784-250-10 MLP on the generic kernels (as the MNIST example trains: Nadam 1e-3, batch 32, dropout 0.2) while SET evolves its hidden layer's topology, saves its checkpoint and exports each layer's topology as Matrix Market.")
{
    outOption, epochsOption, densityOption, zetaOption, seedOption, threadsOption, deviceOption, trainData,
};
train.SetAction(parse => Train(parse.GetValue(outOption)!, parse.GetValue(epochsOption), parse.GetValue(densityOption), parse.GetValue(zetaOption), parse.GetValue(seedOption), parse.GetValue(threadsOption), parse.GetValue(deviceOption)!, parse.GetValue(trainData) ?? defaultData));

var modelOption = ValueOptions.Path("--model", "A checkpoint to load (train's model.safetensors). Without it, the weights are the topology files' values (real files) and the pixels are standardised with the training split's mean and std.");
var passesOption = ValueOptions.Integer("--passes", "Passes over the test images when timing; the fastest counts.", 3, 1, 1000);
var jsonOption = new Option<bool>("--json") { Description = "Print a JSON summary as the last line." };
var classifyData = ValueOptions.Path("--data", "Folder with train-* and test-* (or t10k-*) IDX files. Default: the MNIST subset shipped with SparseGen.");
var classify = new Command("classify", "Classifies the test images one at a time with LearnedMnist, compiled from the topology files, and with the generic model on the same topology and weights; compares accuracy, predictions and batch-1 latency.")
{
    modelOption, passesOption, jsonOption, classifyData,
};
classify.SetAction(parse => Classify(parse.GetValue(modelOption), parse.GetValue(passesOption), parse.GetValue(jsonOption), parse.GetValue(classifyData) ?? defaultData));

const int HiddenUnits = 250;

var root = new RootCommand("Compiles learned topologies: trains and exports them (train), and runs the model compiled from them (classify).") { train, classify };
return Conventions.Examples.Run(root, args);

static int Train(string output, int epochs, double density, double zeta, ulong seed, int threads, string device, string data)
{
    string checkpoint = Path.Combine(output, "model.safetensors");
    try
    {
        Directory.CreateDirectory(output);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return Conventions.Examples.Fail($"--out: cannot create the folder '{output}': {e.Message}", ExitCodes.UsageError);
    }

    if (Conventions.Examples.CheckOutputs(("--out", checkpoint), ("--out", Path.Combine(output, "hidden.mtx"))) is { } badOutput)
    {
        return Conventions.Examples.Fail(badOutput, ExitCodes.UsageError);
    }

    if (!Directory.Exists(data))
    {
        return Conventions.Examples.Fail($"--data: the folder '{data}' does not exist", ExitCodes.UsageError);
    }

    // The hidden layer's edges, checked before the data loads (the features come from the image file's header alone).
    int features = IdxDataset.TrainFeatureCount(data);
    if (HiddenLayer.DensityProblem(ConnectivityPattern.ErdosRenyi, density, features, HiddenUnits) is { } badDensity)
    {
        return Conventions.Examples.Fail($"--density: {badDensity}", ExitCodes.UsageError);
    }

    using SparseGen.Ilgpu.IlgpuBackend? accelerator = Devices.Open(device);

    try
    {
        // The MNIST example's recipe (standardised pixels, Nadam 1e-3, batches of 32), with SET evolving the hidden layer.
        TrainingData splits = TrainingData.LoadIdx(data, standardize: true);
        var model = new GenericSparseModel(splits.Train.FeatureCount,
        [
            new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, HiddenUnits, density, 42, Activation.Relu, 0.2),
            new LayerSpec("Output", ConnectivityPattern.Dense, splits.Train.ClassCount, 1.0, 0, Activation.Softmax),
        ]);
        model.Initialize(seed);
        ulong initial = model.Layers[0].Fingerprint;
        TrainingRun run = new TrainingRecipe(epochs, 32) { Seed = seed, Threads = threads, Backend = accelerator }
            .Run(model, new Nadam(1e-3), splits, evolution: zeta > 0 ? new SparseEvolution(zeta, seed) : null);
        double accuracy = run.TestAccuracy;
        string evolved = zeta > 0 ? $"SET (zeta {zeta.ToString(CultureInfo.InvariantCulture)}) evolved the hidden topology from 0x{initial:X16} over {epochs - 1} steps" : "the hidden topology stayed";
        Console.WriteLine($"trained the generic model ({string.Join(", ", model.Layers.Select(l => $"{l.Name} {l.Inputs} x {l.Units}, {l.EdgeCount:N0} edges"))}) for {epochs} epochs; {evolved}: test accuracy {accuracy:P2}");

        Checkpoint.Save(model, checkpoint, metadata: run.CheckpointMetadata());
        Console.WriteLine($"saved {checkpoint}");
        foreach (ISparseLayer layer in model.Layers)
        {
            // Every kernel of a generic model has its topology at run time (a dense layer's lists every pair).
            Topology topology = ((IRewirableKernel)layer.Kernel).Topology;
            string path = Path.Combine(output, layer.Name.ToLowerInvariant() + ".mtx");
            MatrixMarket.Write(topology, path, $"layer {layer.Name} of the generic 784-250-10 model, trained {epochs} epochs with SET zeta {zeta.ToString(CultureInfo.InvariantCulture)} (seed {seed})");
            Console.WriteLine($"wrote {path} ({topology.Units} x {topology.Inputs}, {topology.EdgeCount:N0} edges, fingerprint 0x{topology.Fingerprint:X16})");
        }

        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or TrainingDivergedException)
    {
        return Conventions.Examples.Fail(e.Message, ExitCodes.Failure);
    }
}

static int Classify(string? checkpoint, int passes, bool json, string data)
{
    if (checkpoint is not null && !File.Exists(checkpoint))
    {
        return Conventions.Examples.Fail($"--model: the file '{checkpoint}' does not exist", ExitCodes.UsageError);
    }

    if (!Directory.Exists(data))
    {
        return Conventions.Examples.Fail($"--data: the folder '{data}' does not exist", ExitCodes.UsageError);
    }

    try
    {
        var compiled = new LearnedMnist();
        float mean, std;
        if (checkpoint is not null)
        {
            var meta = Checkpoint.Load(compiled, checkpoint);
            mean = meta.TryGetValue("preprocessing.mean", out string? m) ? float.Parse(m, CultureInfo.InvariantCulture) : 0f;
            std = meta.TryGetValue("preprocessing.std", out string? s) ? float.Parse(s, CultureInfo.InvariantCulture) : 1f;
        }
        else
        {
            var scaler = FeatureScaler.FitStandard(IdxDataset.Load(data, "train"), perFeature: false);
            (mean, std) = (scaler.Offsets[0], scaler.Scales[0]);
        }

        Dataset test = IdxDataset.Load(data, "test").Map((_, x) => (x - mean) / std);
        GenericSparseModel generic = SameModel(compiled);
        Console.WriteLine($"LearnedMnist, compiled from {string.Join(", ", compiled.Layers.Select(l => $"{l.Name} {l.Inputs} x {l.Units} ({l.EdgeCount:N0} edges, {l.Kernel.Strategy}, 0x{l.Fingerprint:X16})"))}");

        var (seconds, outputs) = Time([compiled, generic], test, passes);
        float[][] compiledOutputs = outputs[0], genericOutputs = outputs[1];
        double compiledAccuracy = Accuracy(compiledOutputs, test), genericAccuracy = Accuracy(genericOutputs, test);
        double compiledSeconds = seconds[0], genericSeconds = seconds[1];
        int same = Enumerable.Range(0, test.Count).Count(s => ArgMax(compiledOutputs[s]) == ArgMax(genericOutputs[s]));
        double largest = Enumerable.Range(0, test.Count).Max(s => compiledOutputs[s].Zip(genericOutputs[s], (a, b) => Math.Abs(a - b)).Max());
        double compiledMicros = compiledSeconds * 1e6 / test.Count, genericMicros = genericSeconds * 1e6 / test.Count;
        Console.WriteLine($"compiled (generated kernels): accuracy {compiledAccuracy:P2}, {compiledMicros:F1} µs per image (batch 1, fastest of {passes} passes over {test.Count} images)");
        Console.WriteLine($"generic (CSR kernels):        accuracy {genericAccuracy:P2}, {genericMicros:F1} µs per image; compiled is {genericMicros / compiledMicros:F2}x as fast");
        Console.WriteLine($"the same class for {same} of {test.Count} images; largest difference of an output probability {largest:G3}");
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                compiled_accuracy = compiledAccuracy,
                generic_accuracy = genericAccuracy,
                compiled_microseconds = compiledMicros,
                generic_microseconds = genericMicros,
                same_predictions = same,
                images = test.Count,
                largest_difference = largest,
            }));
        }

        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        return Conventions.Examples.Fail(e.Message, ExitCodes.Failure);
    }
}

// The generic model on the compiled model's topology (its edges, as its kernels report them) and weights (through a checkpoint).
static GenericSparseModel SameModel(ISparseModel compiled)
{
    var generic = new GenericSparseModel(compiled.InputCount, compiled.Layers.Select(l =>
    {
        int[] inputs = new int[l.EdgeCount], outputs = new int[l.EdgeCount];
        l.Kernel.GetWeightEdges(inputs, outputs);
        return LayerSpec.Of(l, Topology.FromEdges(l.Inputs, l.Units, inputs.Zip(outputs)));
    }).ToArray());
    string path = Path.Combine(Path.GetTempPath(), $"sparsegen-learned-{Environment.ProcessId}.safetensors");
    try
    {
        Checkpoint.Save(compiled, path);
        Checkpoint.Load(generic, path);
    }
    finally
    {
        File.Delete(path);
    }

    return generic;
}

// Each model predicts every test image one at a time, pass after pass, the models taking turns so that both see the
// same load; pass 0 warms the JIT up, and each model's fastest later pass counts.
static (double[] Seconds, float[][][] Outputs) Time(ISparseModel[] models, Dataset test, int passes)
{
    float[][][] outputs = models.Select(m => Enumerable.Range(0, test.Count).Select(_ => new float[m.OutputCount]).ToArray()).ToArray();
    double[] best = models.Select(_ => double.MaxValue).ToArray();
    for (int pass = 0; pass <= passes; pass++)
    {
        for (int m = 0; m < models.Length; m++)
        {
            var clock = Stopwatch.StartNew();
            for (int s = 0; s < test.Count; s++)
            {
                models[m].Predict(test.Features(s), outputs[m][s]);
            }

            best[m] = pass == 0 ? best[m] : Math.Min(best[m], clock.Elapsed.TotalSeconds);
        }
    }

    return (best, outputs);
}

static double Accuracy(float[][] outputs, Dataset test) => (double)Enumerable.Range(0, test.Count).Count(s => ArgMax(outputs[s]) == test.Label(s)) / test.Count;

static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
