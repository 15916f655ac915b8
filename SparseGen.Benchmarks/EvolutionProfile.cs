using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using SparseGen;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core;
using SparseGen.Core.Random;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>evolution</c> command (<c>evolution [--hidden H] [--rounds R] [--threads T,...]</c>; H = 100000, R = 3, T = 1,2 by default): where
/// one SET step (ζ = 0.3, Glorot regrowth) of a 784-H-H-H-10 Erdős–Rényi network (ε = 20, random weights and Adam
/// slots) spends its time, phase by phase and summed over the three hidden layers, as <see cref="SparseEvolution"/>
/// runs them: the layer's rewiring (selection, regrowth, new CSR), the kernel's tables, the optimizer slots, the
/// large-garbage collection. Each round takes, on each thread count in turn, one step phase by phase, then one whole
/// step (<see cref="SparseEvolution"/>'s, on a <see cref="CpuBackend"/> of those threads); it prints wall and
/// process CPU seconds per phase (the CPU time counts every thread, so a loaded machine shows in wall time only),
/// and a hash of the final topologies, weights and Adam slots, equal for every build and thread count that evolves the same bits.
/// </summary>
internal static class EvolutionProfile
{
    private const double Zeta = 0.3;

    private static readonly string[] Phases = ["rewiring", "tables", "slots", "collection"];

    public static int Run(string[] args)
    {
        int hidden = Option(args, "--hidden", "100000")[0], rounds = Option(args, "--rounds", "3")[0];
        int[] threadCounts = Option(args, "--threads", "1,2");
        int[] sizes = [784, hidden, hidden, hidden, 10];
        var layers = new List<LayerSpec>();
        for (int l = 1; l < sizes.Length; l++)
        {
            bool output = l == sizes.Length - 1;
            layers.Add(ErdosRenyi.Layer(output ? "Output" : $"Hidden{l}", sizes[l - 1], sizes[l], 20, (ulong)l, output ? Activation.Softmax : Activation.Relu, 0.3));
        }

        var model = new GenericSparseModel(784, layers, 1);
        var adam = new Adam();
        var random = new Xoshiro256StarStar(7);
        foreach (Parameter weights in model.Layers.Select(l => l.Weights))
        {
            foreach (float[] slot in adam.State.Slots(weights))
            {
                for (int e = 0; e < slot.Length; e++)
                {
                    slot[e] = random.NextSingle();
                }
            }
        }

        Console.WriteLine($"load average {Timing.LoadAverage()}; 784-{hidden}-{hidden}-{hidden}-10, {model.Network.ParameterCount:N0} parameters, {Environment.ProcessorCount} logical cores");
        Console.WriteLine($"| round | threads | {string.Join(" | ", Phases)} | phases (sum) | whole step |");
        Console.WriteLine($"|---:|---:|{string.Concat(Enumerable.Repeat("---:|", Phases.Length + 2))}");
        var evolution = new SparseEvolution(Zeta, 1);
        for (int step = 0; step < rounds * threadCounts.Length; step++)
        {
            int threads = threadCounts[step % threadCounts.Length];
            var wall = new double[Phases.Length];
            var cpu = new double[Phases.Length];
            var rng = new Xoshiro256StarStar(1000 + (ulong)step); // not a layer's seed: its draws would be the layer's own edges
            for (int l = 0; l + 1 < model.Layers.Count; l++)
            {
                ISparseLayer layer = model.Layers[l];
                int layerThreads = ParallelBlocks.Threads(layer.EdgeCount, threads);
                var changes = new LayerRewiring?[model.Layers.Count];
                LayerRewiring change = null!;
                Time(0, () => change = SetLayerStep.Rewiring(SparseEvolution.TopologyOf(layer), layer.Weights.Values, Zeta, evolution.RegrowthLaw(layer), rng, out _, layerThreads));
                changes[l] = change;
                Time(1, () => model.Network.RewireOn(changes, threads));
                Time(2, () => adam.State.Remap(layer.Weights, change.WeightSource, layerThreads));
                Time(3, () => LargeGarbage.Release(layer.EdgeCount));
            }

            using ITrainingBackend backend = new CpuBackend { Threads = threads }.Open(model.Network);
            (double whole, double wholeCpu) = Seconds(() => evolution.Evolve(model.Network, adam.State, backend));
            Console.WriteLine($"| {step / threadCounts.Length} | {threads} | {string.Join(" | ", wall.Zip(cpu, Cell))} | {Cell(wall.Sum(), cpu.Sum())} | {Cell(whole, wholeCpu)} |");

            void Time(int phase, Action action)
            {
                (double w, double c) = Seconds(action);
                wall[phase] += w;
                cpu[phase] += c;
            }
        }

        Console.WriteLine($"load average {Timing.LoadAverage()}; cells are wall s (process CPU s); final hash {Hash(model, adam.State):X16}");
        return 0;
    }

    private static string Cell(double wall, double cpu) => $"{wall:F3} ({cpu:F3})";

    private static (double Wall, double Cpu) Seconds(Action action)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>FNV-1a over every layer's fingerprint, weights and Adam slots.</summary>
    private static ulong Hash(GenericSparseModel model, OptimizerState state)
    {
        ulong hash = Core.Fnv1a.OffsetBasis;
        foreach (ISparseLayer layer in model.Layers)
        {
            hash = Core.Fnv1a.Append(hash, BitConverter.GetBytes(layer.Fingerprint));
            foreach (float[] values in state.Slots(layer.Weights).Prepend(layer.Weights.Values))
            {
                hash = Core.Fnv1a.Append(hash, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            }
        }

        return hash;
    }

    /// <summary>The comma-separated integers after <paramref name="name"/>, or <paramref name="fallback"/>'s.</summary>
    private static int[] Option(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        string text = at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        return text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }
}
