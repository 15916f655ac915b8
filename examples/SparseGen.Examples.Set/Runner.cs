using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Ilgpu;
using SparseGen.Examples;
using SparseGen.IO;
using SparseGen.Kernels;

namespace SparseGen.Examples.Set;

/// <summary>What one run trains: the command line, checked.</summary>
internal sealed record SetRun(string Data, int[] Hidden, double Epsilon, double Zeta, int Epochs, string Variant, NeuronPruning? Pruning,
    RegrowthInitializer Regrowth, bool EvolveOutput, ulong Seed, int BatchSize, double LearningRate, double Dropout, double WeightDecay,
    string Device, string? Save, string? MtxDir, string? Svg, string? History, bool Json, int Threads);

/// <summary>Loads the data, builds the network of the run's variant, trains it and writes what was asked.</summary>
internal static class Runner
{
    public static int Run(SetRun run)
    {
        Dataset train, test;
        try
        {
            (train, test) = IdxDataset.LoadSplits(run.Data);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return CommandLine.Fail(e.Message, CommandLine.Failure);
        }

        int side = (int)Math.Round(Math.Sqrt(train.FeatureCount));
        if (run.Svg is not null && side * side != train.FeatureCount)
        {
            return CommandLine.Fail($"--svg draws the inputs on a square grid, but the data has {train.FeatureCount} features", CommandLine.UsageError);
        }

        if (!TrainingConsole.TryOpen(run.Device, out IlgpuBackend? accelerator))
        {
            return CommandLine.Failure;
        }

        using (accelerator)
        {
            return Train(run, train, test, side, accelerator);
        }
    }

    private static int Train(SetRun run, Dataset train, Dataset test, int side, IlgpuBackend? accelerator)
    {
        var model = new GenericSparseModel(train.FeatureCount, Layers(run, train.FeatureCount, train.ClassCount), run.Seed);
        SparseEvolution? evolution = run.Variant is "set" or "npset"
            ? new SparseEvolution(run.Zeta, run.Seed) { Pruning = run.Pruning, Regrowth = run.Regrowth, EvolveOutputLayer = run.EvolveOutput }
            : null;
        var optimizer = new Adam(run.LearningRate);
        var trainer = new Trainer(model, optimizer, Loss.CategoricalCrossEntropy)
        {
            Seed = run.Seed,
            WeightDecay = run.WeightDecay,
            Backend = (IBackend?)accelerator ?? new CpuBackend { Threads = run.Threads },
            Evolution = evolution,
        };

        Console.WriteLine($"{train.Count} train / {test.Count} test samples from {run.Data}, pixels in [0, 1]");
        Console.WriteLine($"{Describe(run)}: {train.FeatureCount}-{string.Join("-", run.Hidden)}-{train.ClassCount}, {model.Network.ParameterCount:N0} parameters, training on {accelerator?.ToString() ?? $"the CPU ({run.Threads} threads)"}");
        foreach (ISparseLayer layer in model.Layers)
        {
            Console.WriteLine($"  {layer.Name}: {layer.Inputs} -> {layer.Units}, {layer.EdgeCount:N0} edges, {layer.Activation}{(layer.Dropout > 0 ? $", dropout {layer.Dropout.ToString(CultureInfo.InvariantCulture)}" : "")}");
        }

        var snapshots = new Snapshots(model, run.Epochs);
        IReadOnlyList<EpochResult> history;
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        try
        {
            history = trainer.Fit(train, run.Epochs, run.BatchSize, test,
                [snapshots, TrainingConsole.Progress(r => $"{Shape.Evolution(evolution, r.Epoch)}  {Shape.Of(model)}")]);
        }

        catch (Exception e) when (e is TrainingDivergedException)
        {
            return CommandLine.Fail(e.Message, CommandLine.Failure);
        }

        // Process CPU time of the whole run (steps, evolution, test evaluation): the one-core cost even when other programs share the core.
        double cpuPerEpoch = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / history.Count;
        IReadOnlyList<EvolutionStep> steps = evolution?.History ?? [];
        double trainSeconds = history.Sum(h => h.Seconds), evolutionSeconds = steps.Sum(s => s.Seconds);
        double perEpoch = (trainSeconds + evolutionSeconds) / history.Count, evolutionPerEpoch = evolutionSeconds / history.Count;
        EpochResult last = history[^1];
        double best = history.Max(h => h.ValidationAccuracy ?? 0);
        int[] neurons = model.Layers.Take(model.Layers.Count - 1).Select(l => l.Units).ToArray();
        Console.WriteLine($"test accuracy {last.ValidationAccuracy:P2} after {history.Count} epochs (best {best:P2}); {perEpoch:F3} s/epoch, of which evolution {evolutionPerEpoch:F3} s ({(perEpoch > 0 ? evolutionPerEpoch / perEpoch : 0):P1}); process CPU {cpuPerEpoch:F3} s/epoch with test evaluation");
        Console.WriteLine($"hidden neurons {string.Join(", ", neurons)}; {model.Network.ParameterCount:N0} parameters");
        try
        {
            Write(run, model, optimizer, evolution, history, steps, snapshots, side, last);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CommandLine.Fail(e.Message, CommandLine.Failure);
        }

        if (run.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                variant = run.Variant,
                test_accuracy = last.ValidationAccuracy,
                best_test_accuracy = best,
                seconds_per_epoch = perEpoch,
                evolution_seconds_per_epoch = evolutionPerEpoch,
                cpu_seconds_per_epoch = cpuPerEpoch,
                parameters = model.Network.ParameterCount,
                neurons,
                edges = model.Layers.Select(l => l.EdgeCount).ToArray(),
                epochs = history.Count,
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
            Activation activation = output ? Activation.Softmax : Activation.Relu;
            double dropout = output ? 0 : run.Dropout;
            ulong seed = unchecked((run.Seed * 1000) + (ulong)l);
            layers.Add(run.Variant == "dense"
                ? new LayerSpec(name, ConnectivityPattern.Dense, sizes[l], 1.0, 0, activation, dropout)
                : ErdosRenyi.Layer(name, sizes[l - 1], sizes[l], run.Epsilon, seed, activation, dropout));
        }

        return layers;
    }

    private static string Describe(SetRun run) => run.Variant switch
    {
        "dense" => "dense (fully connected)",
        "static" => $"static Erdős–Rényi, epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}",
        "npset" => $"NPSET ({run.Pruning!.Rule}; beta {run.Pruning.Beta}, gamma {run.Pruning.Gamma}), epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}, zeta {run.Zeta.ToString(CultureInfo.InvariantCulture)}",
        _ => $"SET, epsilon {run.Epsilon.ToString(CultureInfo.InvariantCulture)}, zeta {run.Zeta.ToString(CultureInfo.InvariantCulture)}",
    };

    private static void Write(SetRun run, GenericSparseModel model, Optimizer optimizer, SparseEvolution? evolution, IReadOnlyList<EpochResult> history,
        IReadOnlyList<EvolutionStep> steps, Snapshots snapshots, int side, EpochResult last)
    {
        if (run.Save is not null)
        {
            var metadata = new Dictionary<string, string>(evolution?.GetMetadata() ?? new Dictionary<string, string>())
            {
                ["preprocessing"] = "pixels / 255",
                ["test_accuracy"] = last.ValidationAccuracy!.Value.ToString("R", CultureInfo.InvariantCulture),
                ["variant"] = run.Variant,
            };
            Checkpoint.Save(model, run.Save, optimizer, metadata);
            Console.WriteLine($"saved {run.Save}");
        }

        if (run.MtxDir is not null)
        {
            Directory.CreateDirectory(run.MtxDir);
            foreach (ISparseLayer layer in model.Layers)
            {
                string path = Path.Combine(run.MtxDir, layer.Name + ".mtx");
                MatrixMarket.Write(((IRewirableKernel)layer.Kernel).Topology, path, $"{layer.Name} of the {run.Variant} network after {history.Count} epochs (seed {run.Seed})");
                Console.WriteLine($"wrote {path}");
            }
        }

        if (run.Svg is not null)
        {
            ConnectivityHeatMap.Write(snapshots.Panels, side, side, $"Connections per input pixel of {model.Layers[0].Name} ({run.Variant}, seed {run.Seed})", run.Svg);
            Console.WriteLine($"wrote {run.Svg}");
        }

        if (run.History is not null)
        {
            EvolutionReport.WriteCsv(history, steps, run.History);
            Console.WriteLine($"wrote {run.History}");
        }
    }
}
