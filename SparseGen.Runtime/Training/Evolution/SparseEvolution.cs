using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;

namespace SparseGen;

/// <summary>
/// Adaptive sparse connectivity during training: Sparse Evolutionary Training (SET; Mocanu et al. 2018, algorithm 1)
/// and, optionally, neuron pruning (NPSET; Liu, Mocanu and Pechenizkiy 2019). Give it to <see cref="Trainer.Evolution"/>;
/// between every two epochs it trains (so after each epoch except the last), each evolving layer loses the fraction
/// <see cref="Zeta"/> of its smallest positive weights and of its largest negative weights (those closest to zero on
/// each side) and gains as many new edges at random positions that are not edges, with weights drawn by
/// <see cref="Regrowth"/> and zeroed optimizer state; then <see cref="Pruning"/>, when set, removes hidden neurons.
/// </summary>
/// <remarks>
/// <para>Every layer must run a kernel whose topology can change (<see cref="IRewirableKernel"/>:
/// <see cref="GenericSparseModel"/>'s). Build the layers with <see cref="ErdosRenyi.Layer"/> for SET's initial topology.</para>
/// <para>Step <c>t</c> (0, 1, ...) draws from its own <see cref="Xoshiro256StarStar"/> stream, seeded with the
/// <c>(t + 1)</c>-th output of SplitMix64 started at <see cref="Seed"/>, so a run resumed from a checkpoint
/// (<see cref="GetMetadata"/>, <see cref="Restore"/>) evolves exactly as the uninterrupted run would. An epoch evolves
/// before it trains when this evolution has trained an epoch before, in this <see cref="Trainer.Fit"/> or an earlier one:
/// training in several calls evolves as one call does, and the network is never evolved after its last epoch.</para>
/// <para>The removal takes the <c>round(zeta P)</c> smallest of the <c>P</c> positive weights and the
/// <c>round(zeta N)</c> of the <c>N</c> negative weights closest to zero (half to even, equal weights by index), and
/// every zero weight. New positions are uniform over the pairs no kept edge holds, so a removed pair may come back
/// with a fresh weight, as in the reference code. A step costs <c>O(E)</c> per layer (but for sorting each unit's few
/// new inputs), no dense work. The random draws keep one order; the rest of a large layer's step (selection, lookups,
/// new tables, optimizer slots) runs on the training's threads (<see cref="CpuBackend.Threads"/>; every core on
/// another backend), so a step is the same, bit for bit, for every thread count.</para>
/// </remarks>
public sealed class SparseEvolution
{
    private const string Prefix = "evolution.";
    private readonly List<EvolutionStep> _history = [];
    private readonly RegrowthInitializer _regrowth = RegrowthInitializer.GlorotUniform;

    /// <summary>Creates the evolution.</summary>
    /// <param name="zeta">The fraction of each sign's weights removed and regrown per step, in [0, 1] (SET uses 0.3; 0 only prunes neurons).</param>
    /// <param name="seed">Seed of the evolution's random streams.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="zeta"/> is outside [0, 1].</exception>
    public SparseEvolution(double zeta = 0.3, ulong seed = 0)
    {
        if (!(zeta >= 0 && zeta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(zeta), zeta, "Zeta, the fraction of weights removed per evolution, must be in [0, 1].");
        }

        Zeta = zeta;
        Seed = seed;
    }

    /// <summary>The fraction of each sign's weights removed and regrown per step.</summary>
    public double Zeta { get; }

    /// <summary>Seed of the evolution's random streams (which edges come, and their weights).</summary>
    public ulong Seed { get; }

    /// <summary>
    /// Whether the output layer evolves too; false by default. The references differ: the first SET code evolves every
    /// layer, the later ones (<c>set_mlp_sequential.py</c>, the Keras code) keep the last layer fixed. Its neurons are never pruned.
    /// </summary>
    public bool EvolveOutputLayer { get; init; }

    /// <summary>How new edges' weights are drawn; <see cref="RegrowthInitializer.GlorotUniform"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined one.</exception>
    public RegrowthInitializer Regrowth
    {
        get => _regrowth;
        init => _regrowth = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown regrowth initializer.");
    }

    /// <summary>Neuron pruning (NPSET), or null for SET alone.</summary>
    public NeuronPruning? Pruning { get; init; }

    /// <summary>Epochs trained under this evolution (across <see cref="Trainer.Fit"/> calls and checkpoints).</summary>
    public int EpochsTrained { get; private set; }

    /// <summary>Steps taken: the index of the next step's random stream.</summary>
    public int Steps { get; private set; }

    /// <summary>The steps taken since this object was created or restored, in order.</summary>
    public IReadOnlyList<EvolutionStep> History => _history;

    /// <summary>
    /// The evolution's options and position (epochs trained, steps taken) as checkpoint metadata, keys starting with
    /// <c>evolution.</c>: pass them to <see cref="Checkpoint.Save"/> so <see cref="Restore"/> can resume the run exactly.
    /// </summary>
    public IReadOnlyDictionary<string, string> GetMetadata()
    {
        var meta = new Dictionary<string, string>
        {
            [Prefix + "method"] = Pruning is null ? "SET" : "NPSET",
            [Prefix + "zeta"] = Format(Zeta),
            [Prefix + "seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            [Prefix + "evolve_output_layer"] = EvolveOutputLayer ? "true" : "false",
            [Prefix + "regrowth"] = Regrowth.ToString(),
            [Prefix + "epochs_trained"] = EpochsTrained.ToString(CultureInfo.InvariantCulture),
            [Prefix + "steps"] = Steps.ToString(CultureInfo.InvariantCulture),
        };
        if (Pruning is { } p)
        {
            meta[Prefix + "pruning.rule"] = p.Rule.ToString();
            meta[Prefix + "pruning.beta"] = p.Beta.ToString(CultureInfo.InvariantCulture);
            meta[Prefix + "pruning.gamma"] = p.Gamma.ToString(CultureInfo.InvariantCulture);
            if (p.Period != 1)
            {
                meta[Prefix + "pruning.period"] = p.Period.ToString(CultureInfo.InvariantCulture);
            }
            meta[Prefix + (p.Rule == NeuronPruningRule.Importance ? "pruning.percentile" : "pruning.alpha")] =
                Format(p.Rule == NeuronPruningRule.Importance ? p.Percentile : p.Alpha);
        }

        return meta;
    }

    /// <summary>
    /// Takes the position (epochs trained, steps taken) saved by <see cref="GetMetadata"/> in a checkpoint's metadata, so
    /// the next step draws from the stream the uninterrupted run would have used. The options are this object's own and
    /// must be the ones the run recorded (method, ζ, seed, output-layer evolution, regrowth and pruning): resuming a
    /// NPSET run as SET, or with another ζ, would not continue it.
    /// </summary>
    /// <exception cref="InvalidDataException">The metadata holds no evolution position, or a malformed one, or it records an
    /// option with another value than this object's; the message names the key, both values and what to change.</exception>
    public void Restore(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach ((string key, string mine) in GetMetadata())
        {
            if (key is Prefix + "epochs_trained" or Prefix + "steps" || !metadata.TryGetValue(key, out string? recorded) || recorded == mine)
            {
                continue;
            }

            throw new InvalidDataException(
                $"The checkpoint's evolution recorded '{key}' = '{recorded}', but this SparseEvolution has '{mine}': create it with the recorded options to resume the run.");
        }

        EpochsTrained = Count(metadata, "epochs_trained");
        Steps = Count(metadata, "steps");
        _history.Clear();
    }

    /// <summary>Throws when the network has a layer that this evolution would change but whose kernel cannot change.</summary>
    internal void Check(SparseNetwork network)
    {
        IReadOnlyList<ISparseLayer> layers = network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            bool changes = l < layers.Count - 1 || EvolveOutputLayer || (Pruning is not null && layers.Count > 1);
            if (changes && layers[l].Kernel is not IRewirableKernel)
            {
                throw new InvalidOperationException(
                    $"Layer '{layers[l].Name}' runs {layers[l].Kernel.GetType().Name}, whose topology is compiled in; adaptive connectivity needs run-time topologies: build the model as a GenericSparseModel (ErdosRenyi.Layer declares SET's layers).");
            }
        }
    }

    /// <summary>Counts an epoch trained under this evolution.</summary>
    internal void EpochTrained() => EpochsTrained++;

    /// <summary>
    /// One step between two epochs: brings the parameters and optimizer state to the host, runs SET on every evolving
    /// layer, then neuron pruning when its schedule says so, moves <paramref name="state"/>'s slots with the weights, and
    /// hands the new topology to <paramref name="backend"/>.
    /// </summary>
    internal EvolutionStep Evolve(SparseNetwork network, OptimizerState state, ITrainingBackend backend)
    {
        var clock = Stopwatch.StartNew();
        int threads = backend is CpuTraining cpu ? cpu.Threads : Environment.ProcessorCount;
        backend.DownloadParameters();
        IReadOnlyList<ISparseLayer> layers = network.Layers;
        int count = layers.Count;
        var removed = new int[count];
        var pruned = new int[count];
        var prunedEdges = new int[count];
        var rng = new Xoshiro256StarStar(new SplitMix64(Seed + ((ulong)Steps * 0x9E3779B97F4A7C15UL)).Next());
        if (Zeta > 0)
        {
            // One layer at a time: a layer's step reads only its own topology and weights, so applying it before the
            // next layer's step changes nothing drawn, and only one layer's tables are ever held twice.
            for (int l = 0; l < (EvolveOutputLayer ? count : count - 1); l++)
            {
                ISparseLayer layer = layers[l];
                var changes = new LayerRewiring?[count];
                changes[l] = SetLayerStep.Rewiring(TopologyOf(layer), layer.Weights.Values, Zeta, RegrowthLaw(layer), rng, out removed[l],
                    ParallelBlocks.Threads(layer.EdgeCount, threads));
                Apply(network, state, changes, threads);
            }
        }

        if (Pruning is { } pruning && pruning.PrunesAfter(EpochsTrained))
        {
            for (int l = 0; l + 1 < count; l++)
            {
                ISparseLayer layer = layers[l], next = layers[l + 1];
                Topology topology = TopologyOf(layer), nextTopology = TopologyOf(next);
                int[] units = pruning.Rule == NeuronPruningRule.Importance
                    ? NeuronPruningLayerStep.Importance(topology, layer.Weights.Values, pruning.Percentile)
                    : NeuronPruningLayerStep.FewestConnections(topology, nextTopology, pruning.Alpha);
                if (units.Length == 0)
                {
                    continue;
                }

                var (own, after) = NeuronPruningLayerStep.Remove(topology, layer.Weights.Values, nextTopology, next.Weights.Values, units);
                pruned[l] = units.Length;
                prunedEdges[l] += layer.EdgeCount - own.Topology.EdgeCount;
                prunedEdges[l + 1] += next.EdgeCount - after.Topology.EdgeCount;
                var changes = new LayerRewiring?[count];
                changes[l] = own;
                changes[l + 1] = after;
                Apply(network, state, changes, threads);
            }
        }

        backend.UploadTopology();
        int[] added = removed; // SET adds back as many edges as it removes, layer by layer
        var step = new EvolutionStep(EpochsTrained, removed, added, pruned, prunedEdges,
            layers.Select(l => l.Units).ToArray(), layers.Select(l => l.EdgeCount).ToArray(), network.ParameterCount, clock.Elapsed.TotalSeconds);
        Steps++;
        _history.Add(step);
        return step;
    }

    /// <summary>Rewires the network and moves the optimizer slots with the parameters, each large layer on up to <paramref name="threads"/> threads.</summary>
    private static void Apply(SparseNetwork network, OptimizerState state, LayerRewiring?[] changes, int threads)
    {
        network.RewireOn(changes, threads);
        for (int l = 0; l < changes.Length; l++)
        {
            if (changes[l] is not { } change)
            {
                continue;
            }

            ISparseLayer layer = network.Layers[l];
            state.Remap(layer.Weights, change.WeightSource, ParallelBlocks.Threads(layer.EdgeCount, threads));
            if (change.UnitSource is { } units)
            {
                state.Remap(layer.Bias, units, 1);
            }

            LargeGarbage.Release(layer.EdgeCount);
        }
    }

    /// <summary>The topology <paramref name="layer"/>'s kernel reads now.</summary>
    internal static Topology TopologyOf(ISparseLayer layer) => ((IRewirableKernel)layer.Kernel).Topology;

    /// <summary>The law <see cref="Regrowth"/> draws <paramref name="layer"/>'s new weights from, for its degrees now.</summary>
    internal WeightLaw RegrowthLaw(ISparseLayer layer)
    {
        double fanIn = (double)layer.EdgeCount / layer.Units, fanOut = (double)layer.EdgeCount / layer.Inputs;
        return Regrowth switch
        {
            RegrowthInitializer.GlorotUniform => WeightLaw.Of(WeightInitializer.GlorotUniform, fanIn, fanOut),
            RegrowthInitializer.HeUniform => WeightLaw.Of(WeightInitializer.HeUniform, fanIn, fanOut),
            RegrowthInitializer.Normal => new WeightLaw(0.1f, Normal: true),
            _ => new WeightLaw(0f, Normal: false),
        };
    }

    private static int Count(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(Prefix + key, out string? text))
        {
            throw new InvalidDataException($"The metadata holds no '{Prefix}{key}': it was not saved with SparseEvolution.GetMetadata(), so the evolution cannot resume from it.");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            throw new InvalidDataException($"The metadata's '{Prefix}{key}' is '{text}', not a count.");
        }

        return value;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
