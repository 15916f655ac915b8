using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.Ilgpu;
using SparseGen.CommandLine;
using SparseGen.Examples;
using SparseGen.IO;
using SparseGen.Kernels;

namespace SparseGen.Examples.Set;

/// <summary>What one run trains: the command line, checked.</summary>
internal sealed record SetRun(string Data, int? TrainSamples, int? TestSamples, int[] Hidden, double Epsilon, double Zeta, int Epochs, string Variant, NeuronPruning? Pruning,
    RegrowthInitializer Regrowth, bool EvolveOutput, ulong Seed, int BatchSize, double LearningRate, double Dropout, double WeightDecay, SetTraining Training,
    string Device, string? Save, string? MtxDir, string? Svg, string? History, bool Json, int Threads, Resumption? Resume = null, double? ResumeDropout = null)
{
    /// <summary>A new evolution of the run's variant and options (SET or NPSET), or null for the static and dense variants.</summary>
    public SparseEvolution? NewEvolution() => Variant is "set" or "npset"
        ? new SparseEvolution(Zeta, Seed) { Pruning = Pruning, Regrowth = Regrowth, EvolveOutputLayer = EvolveOutput }
        : null;
}

/// <summary>
/// The truly sparse paper's choices (Curci, Mocanu and Pechenizkiy 2021): All-ReLU's alpha (null: ReLU hidden layers),
/// SGD's momentum (null: Adam) and the first weights' initializer.
/// </summary>
internal sealed record SetTraining(double? AllReluAlpha, double? Momentum, WeightInitializer Initializer)
{
    /// <summary>The optimizer at <paramref name="learningRate"/>: Adam, or SGD with <see cref="Momentum"/>.</summary>
    public Optimizer Optimizer(double learningRate) => Momentum is { } m ? new Sgd(learningRate, m) : new Adam(learningRate);

    /// <summary>Hidden layer <paramref name="hiddenLayer"/>'s (1 for the first) activation and slope.</summary>
    public (Activation Activation, double Slope) Hidden(int hiddenLayer) =>
        AllReluAlpha is { } alpha ? (Activation.LeakyRelu, AllRelu.Slope(hiddenLayer, alpha)) : (Activation.Relu, 0);
}

/// <summary>Loads the data, builds the network of the run's variant, trains it and writes what was asked.</summary>
internal static class Runner
{
    public static int Run(SetRun run)
    {
        // A data file that cannot be read, training that diverges and a device that fails are each one error line and
        // exit code 1 (Conventions.Run), as in sparsegen; an absent device is exit code 2 before the data loads. The
        // pixels stay in [0, 1], as the SET papers train.
        using IlgpuBackend? accelerator = Devices.Open(run.Device);
        TrainingData data = TrainingData.LoadIdx(run.Data, standardize: false, run.TrainSamples, run.TestSamples);
        int side = (int)Math.Round(Math.Sqrt(data.Train.FeatureCount));

        // Program checked the sizes for every class count IDX labels allow; this is the one the labels imply (a resumed
        // network's are the checkpoint's, checked against the data once it is loaded).
        if (run.Resume is null && SetNetwork.Problem(data.Train.FeatureCount, run.Hidden, data.Train.ClassCount, run.Epsilon, run.Variant == "dense", run.BatchSize) is { } problem)
        {
            return Conventions.Examples.Fail(problem, ExitCodes.UsageError);
        }

        return Train(run, data, side, accelerator);
    }

    private static int Train(SetRun run, TrainingData data, int side, IlgpuBackend? accelerator)
    {
        Dataset train = data.Train, test = data.Test;
        Optimizer optimizer = run.Training.Optimizer(run.LearningRate);
        SparseEvolution? evolution = run.NewEvolution();
        GenericSparseModel model;
        int epochsBefore = 0;
        if (run.Resume is { } resume)
        {
            model = Checkpoint.LoadModel(resume.Path, optimizer, run.ResumeDropout is { } rate ? s => s with { Dropout = s.Name == "Output" ? 0 : rate } : null);
            evolution?.Restore(resume.Metadata);
            epochsBefore = resume.EpochsTrained;
            if (model.OutputCount != train.ClassCount)
            {
                return Conventions.Examples.Fail($"--resume: {resume.Path} has {model.OutputCount} outputs, but the data has {train.ClassCount} classes; give the --data it was trained on.", ExitCodes.UsageError);
            }
        }
        else
        {
            model = new GenericSparseModel(train.FeatureCount, Layers(run, train.FeatureCount, train.ClassCount), run.Seed, initializer: run.Training.Initializer);
        }

        // A resumed run draws its shuffles and dropout from --seed plus the epochs already trained, so it does not
        // repeat the first run's draws, and resuming one checkpoint twice gives the same bits.
        var recipe = new TrainingRecipe(run.Epochs, run.BatchSize)
        {
            Seed = run.Seed + (ulong)epochsBefore, WeightDecay = run.WeightDecay, Backend = accelerator, Threads = run.Threads,
        };

        Console.WriteLine($"{train.Count} train / {test.Count} test samples from {run.Data}, pixels in [0, 1]");
        if (run.Resume is { } resumed)
        {
            Console.WriteLine($"resumed from {resumed.Path} after {epochsBefore} epochs");
        }

        Console.WriteLine($"{Describe(run)}: {train.FeatureCount}-{string.Join("-", run.Hidden)}-{train.ClassCount}, {model.Network.ParameterCount:N0} parameters, training on {Devices.Describe(accelerator, run.Threads)}");
        foreach (ISparseLayer layer in model.Layers)
        {
            Console.WriteLine($"  {layer.Name}: {layer.Inputs} -> {layer.Units}, {layer.EdgeCount:N0} edges, {layer.Activation}{(layer.Activation == Activation.LeakyRelu ? $" (slope {layer.NegativeSlope.ToString(CultureInfo.InvariantCulture)})" : "")}{(layer.Dropout > 0 ? $", dropout {layer.Dropout.ToString(CultureInfo.InvariantCulture)}" : "")}");
        }

        var snapshots = new Snapshots(model, run.Epochs);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        TrainingRun result = recipe.Run(model, optimizer, data,
            [snapshots, TrainingConsole.Progress(r => $"{Shape.Evolution(evolution, r.Epoch)}  {Shape.Of(model)}")], evolution);
        IReadOnlyList<EpochResult> history = result.History;

        // Process CPU time of the whole run (steps, evolution, test evaluation): the one-core cost even when other programs share the core.
        double cpuPerEpoch = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / history.Count;
        IReadOnlyList<EvolutionStep> steps = evolution?.History ?? [];
        double trainSeconds = result.TrainSeconds, evolutionSeconds = steps.Sum(s => s.Seconds);
        double perEpoch = (trainSeconds + evolutionSeconds) / history.Count, evolutionPerEpoch = evolutionSeconds / history.Count;
        double validationPerEpoch = history.Average(e => e.ValidationSeconds);
        double best = result.BestTestAccuracy;
        int[] neurons = model.Layers.Take(model.Layers.Count - 1).Select(l => l.Units).ToArray();
        Console.WriteLine($"test accuracy {result.TestAccuracy:P2} after {history.Count} epochs (best {best:P2}); {perEpoch:F3} s/epoch, of which evolution {evolutionPerEpoch:F3} s ({(perEpoch > 0 ? evolutionPerEpoch / perEpoch : 0):P1}); validation {validationPerEpoch:F3} s/epoch; process CPU {cpuPerEpoch:F3} s/epoch with test evaluation");
        Console.WriteLine($"hidden neurons {string.Join(", ", neurons)}; {model.Network.ParameterCount:N0} parameters");
        if (Write(run, result, evolution, steps, snapshots, side, epochsBefore) is var status and not ExitCodes.Success)
        {
            return status;
        }

        if (run.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                variant = run.Variant,
                test_accuracy = result.Last.ValidationAccuracy,
                best_test_accuracy = best,
                seconds_per_epoch = perEpoch,
                evolution_seconds_per_epoch = evolutionPerEpoch,
                validation_seconds_per_epoch = validationPerEpoch,
                cpu_seconds_per_epoch = cpuPerEpoch,
                parameters = model.Network.ParameterCount,
                neurons,
                edges = model.Layers.Select(l => l.EdgeCount).ToArray(),
                epochs = history.Count,
                epochs_trained = epochsBefore + history.Count,
                epsilon = run.Variant == "dense" ? (double?)null : run.Epsilon,
                zeta = evolution?.Zeta,
                seed = run.Seed,
                batch_size = run.BatchSize,
                device = run.Device,
            }));
        }

        return 0;
    }

    /// <summary>
    /// ReLU hidden layers with dropout and a softmax output: Erdős–Rényi by epsilon for the sparse variants (the layer
    /// seeds follow from --seed, so --static and SET start from the same network), every pair for --dense.
    /// </summary>
    private static List<LayerSpec> Layers(SetRun run, int inputs, int classes)
    {
        int[] sizes = [inputs, .. run.Hidden, classes];
        var layers = new List<LayerSpec>();
        for (int l = 1; l < sizes.Length; l++)
        {
            bool output = l == sizes.Length - 1;
            string name = output ? "Output" : $"Hidden{l}";
            (Activation activation, double slope) = output ? (Activation.Softmax, 0) : run.Training.Hidden(l);
            double dropout = output ? 0 : run.Dropout;
            ulong seed = unchecked((run.Seed * 1000) + (ulong)l);
            LayerSpec layer = run.Variant == "dense"
                ? new LayerSpec(name, ConnectivityPattern.Dense, sizes[l], 1.0, 0, activation, dropout)
                : ErdosRenyi.Layer(name, sizes[l - 1], sizes[l], run.Epsilon, seed, activation, dropout);
            layers.Add(layer with { NegativeSlope = slope });
        }

        return layers;
    }

    private static string Describe(SetRun run) => run.Variant switch
    {
        "dense" => "dense (fully connected)",
        "static" => $"static Erdős–Rényi, epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}",
        "npset" => $"NPSET ({run.Pruning!.Rule}; beta {run.Pruning.Beta}, gamma {run.Pruning.Gamma}{(run.Pruning.Period > 1 ? $", every {run.Pruning.Period} epochs" : "")}), epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}, zeta {run.Zeta.ToString(CultureInfo.InvariantCulture)}",
        _ => $"SET, epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}, zeta {run.Zeta.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>Writes the outputs asked for, each on its own (a failed one is an error line; the others are still written).</summary>
    /// <returns><see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.Failure"/> when a write failed.</returns>
    private static int Write(SetRun run, TrainingRun result, SparseEvolution? evolution, IReadOnlyList<EvolutionStep> steps, Snapshots snapshots, int side, int epochsBefore)
    {
        ISparseModel model = result.Model;
        var outputs = new OutputWriter(Conventions.Examples);
        Dictionary<string, string> metadata = new(evolution?.GetMetadata() ?? new Dictionary<string, string>())
        {
            ["preprocessing"] = "pixels / 255",
            [Resumption.VariantKey] = run.Variant,
            [Resumption.EpochsKey] = (epochsBefore + result.History.Count).ToString(CultureInfo.InvariantCulture),
        };
        if (run.Variant != "dense")
        {
            metadata[Resumption.EpsilonKey] = run.Epsilon.ToString("R", CultureInfo.InvariantCulture);
        }

        outputs.Write(run.Save, "saved", path => Checkpoint.Save(model, path, result.Optimizer, result.CheckpointMetadata(metadata)));
        if (run.MtxDir is { } mtxDir)
        {
            foreach (ISparseLayer layer in model.Layers)
            {
                outputs.Write(Path.Combine(mtxDir, layer.Name + ".mtx"), "wrote", path =>
                {
                    Directory.CreateDirectory(mtxDir);
                    MatrixMarket.Write(((IRewirableKernel)layer.Kernel).Topology, path, $"{layer.Name} of the {run.Variant} network after {result.History.Count} epochs (seed {run.Seed})");
                });
            }
        }

        outputs.Write(run.Svg, "wrote", path => ConnectivityHeatMap.Write(snapshots.Panels, side, side, $"Connections per input pixel of {model.Layers[0].Name} ({run.Variant}, seed {run.Seed})", path));
        outputs.Write(run.History, "wrote", path => EvolutionReport.WriteCsv(result.History, steps, path));
        return outputs.ExitCode;
    }
}
