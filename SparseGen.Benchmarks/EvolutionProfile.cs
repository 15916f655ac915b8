using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using SparseGen;
using SparseGen.Backends;
using SparseGen.Core.Random;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;

namespace SparseGen.Benchmarks;

/// <summary>
/// The <c>evolution</c> command (<c>evolution [--hidden H] [--rounds R]</c>, H = 100000 and R = 3 by default): where
/// one SET step (ζ = 0.3, Glorot regrowth) of a 784-H-H-H-10 Erdős–Rényi network (ε = 20, random weights and Adam
/// slots) spends its time, phase by phase and summed over the three hidden layers, as <see cref="SparseEvolution"/>
/// runs them: the layer's rewiring (selection, regrowth, new CSR), the kernel's tables, the optimizer slots, the
/// large-garbage collection. Each round takes one step phase by phase, then one whole step; it prints wall and
/// process CPU seconds per phase (the CPU time counts every thread, so a loaded machine shows in wall time only),
/// and a hash of the final topologies and weights, equal for every build that evolves the same bits.
/// </summary>
internal static class EvolutionProfile
{
    private const double Zeta = 0.3;

    private static readonly string[] Phases = ["rewiring", "tables", "slots", "collection"];

    public static int Run(string[] args)
    {
        int hidden = Option(args, "--hidden", 100_000), rounds = Option(args, "--rounds", 3);
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
        Console.WriteLine($"| round | {string.Join(" | ", Phases)} | phases (sum) | whole step |");
        Console.WriteLine($"|---:|{string.Concat(Enumerable.Repeat("---:|", Phases.Length + 2))}");
        var evolution = new SparseEvolution(Zeta, 1);
        using ITrainingBackend backend = new Backends.Cpu.CpuBackend().Open(model.Network);
        for (int round = 0; round < rounds; round++)
        {
            var wall = new double[Phases.Length];
            var cpu = new double[Phases.Length];
            var rng = new Xoshiro256StarStar((ulong)round + 1);
            for (int l = 0; l + 1 < model.Layers.Count; l++)
            {
                ISparseLayer layer = model.Layers[l];
                var changes = new LayerRewiring?[model.Layers.Count];
                LayerRewiring change = null!;
                Time(0, () => change = SetLayerStep.Rewiring(SparseEvolution.TopologyOf(layer), layer.Weights.Values, Zeta, evolution.RegrowthLaw(layer), rng, out _));
                changes[l] = change;
                Time(1, () => model.Network.Rewire(changes));
                Time(2, () => adam.State.Remap(layer.Weights, change.WeightSource));
                Time(3, () => LargeGarbage.Release(layer.EdgeCount));
            }

            double whole = Seconds(() => evolution.Evolve(model.Network, adam.State, backend)).Wall;
            Console.WriteLine($"| {round} | {string.Join(" | ", wall.Zip(cpu, Cell))} | {Cell(wall.Sum(), cpu.Sum())} | {whole:F3} s |");

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

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
