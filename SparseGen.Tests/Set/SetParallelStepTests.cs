using System.Runtime.InteropServices;
using SparseGen;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core;
using SparseGen.Core.Random;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Set;

using Topology = SparseGen.Topology;

/// <summary>An evolution step shares a large layer's work among threads; every thread count must give the one-thread step's bits.</summary>
public sealed class SetParallelStepTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_step_on_several_threads_gives_the_one_thread_steps_topologies_weights_and_slots(bool pruning)
    {
        var (one, oneAdam) = Evolved(1, pruning);
        var (four, fourAdam) = Evolved(4, pruning);

        Assert.Equal(one.Layers.Select(l => l.Fingerprint), four.Layers.Select(l => l.Fingerprint));
        Assert.Equal(one.Network.Parameters.Select(p => Bits(p.Values)), four.Network.Parameters.Select(p => Bits(p.Values)));
        foreach (string slot in new[] { "m", "v" })
        {
            Assert.Equal(one.Network.Parameters.Select(p => Bits(oneAdam.GetSlot(p, slot)!)), four.Network.Parameters.Select(p => Bits(fourAdam.GetSlot(p, slot)!)));
        }
    }

    [Fact]
    public void Steps_on_several_threads_give_the_bits_the_serial_steps_gave()
    {
        // FNV-1a over every layer's fingerprint and the bits of its weights, biases and Adam slots after the steps of
        // Evolved(4, true), as the one-thread code before the steps were shared among threads computed them.
        var (model, adam) = Evolved(4, pruning: true);
        ulong hash = Fnv1a.OffsetBasis;
        foreach (ISparseLayer layer in model.Layers)
        {
            hash = Fnv1a.Append(hash, BitConverter.GetBytes(layer.Fingerprint));
            foreach (Parameter parameter in new[] { layer.Weights, layer.Bias })
            {
                foreach (float[] values in new[] { parameter.Values, adam.GetSlot(parameter, "m")!, adam.GetSlot(parameter, "v")! })
                {
                    hash = Fnv1a.Append(hash, MemoryMarshal.AsBytes(values.AsSpan()));
                }
            }
        }

        Assert.Equal(0xCB77A6521D5DB4AFUL, hash);
    }

    [Theory]
    [InlineData(2000, 3000, 0.03)] // 180,000 edges among 6,000,000 pairs: new positions by rejection
    [InlineData(600, 400, 0.9)] // 216,000 of 240,000 pairs: new positions from the free pairs
    public void A_layer_step_on_several_threads_is_the_one_thread_step(int inputs, int units, double density)
    {
        Topology topology = Topology.Create(ConnectivityPattern.ErdosRenyi, inputs, units, density, 8);
        float[] weights = Reference.Random(topology.EdgeCount, 2);
        LayerRewiring Step(int threads) => SetLayerStep.Rewiring(topology, weights, 0.3, new WeightLaw(0.1f, true), new Xoshiro256StarStar(4), out _, threads);

        LayerRewiring one = Step(1), four = Step(4);

        Assert.True(topology.EdgeCount >= ParallelBlocks.SharedItems);
        Assert.Equal(one.Topology.Fingerprint, four.Topology.Fingerprint);
        Assert.Equal(one.WeightSource, four.WeightSource);
        Assert.Equal(Bits(one.Weights), Bits(four.Weights));
    }

    [Theory]
    [InlineData(true)] // 41 values, each about 7,000 times: the weights at the thresholds tie across every block
    [InlineData(false)] // distinct values but a few: every digit of the selection decides
    public void The_removal_follows_the_rule_on_ties_zeros_and_nan_whatever_the_threads(bool ties)
    {
        var rng = new Xoshiro256StarStar(3);
        float[] weights = ties
            ? Enumerable.Range(0, 300_000).Select(_ => (rng.NextInt(41) - 20) / 10f).ToArray()
            : Reference.Random(300_000, 5);
        (weights[7], weights[8], weights[9], weights[10], weights[11]) = (float.NaN, -0f, float.Epsilon, -float.Epsilon, float.PositiveInfinity);
        int[] expected = Rule(weights, 0.3);

        foreach (int threads in new[] { 1, 2, 3, 4 })
        {
            bool[] mask = SetRemoval.Mask(weights, 0.3, threads, out int count);
            Assert.Equal(expected, Enumerable.Range(0, mask.Length).Where(e => mask[e]));
            Assert.Equal(expected.Length, count);
        }
    }

    [Fact]
    public void Tables_rebuilt_on_several_threads_are_the_one_thread_tables()
    {
        Topology topology = Topology.Create(ConnectivityPattern.ErdosRenyi, 300, 5000, 0.1, 3);
        topology.Transpose(out int[] offsets, out int[] outputs, out int[] edges);
        int[] parallelOffsets = new int[topology.Inputs + 1], parallelOutputs = new int[topology.EdgeCount], parallelEdges = new int[topology.EdgeCount];

        topology.TransposeInto(parallelOffsets, parallelOutputs, parallelEdges, 4);

        Assert.Equal(offsets, parallelOffsets);
        Assert.Equal(outputs, parallelOutputs);
        Assert.Equal(edges, parallelEdges);
    }

    /// <summary>
    /// Two SET steps (ζ 0.3, output layer too, optionally pruning the fewest-connected tenth of the hidden units) of a
    /// 200-8000-20 network whose two layers have over <see cref="ParallelBlocks.SharedItems"/> edges (the output layer
    /// every pair, so its new positions come from the free pairs), with Adam slots set.
    /// </summary>
    private static (GenericSparseModel Model, Adam Adam) Evolved(int threads, bool pruning)
    {
        GenericSparseModel model = SetModels.Mlp(200, [8000], 20, epsilon: 20);
        Assert.All(model.Layers, l => Assert.True(l.EdgeCount >= ParallelBlocks.SharedItems));
        var adam = new Adam();
        foreach (Parameter parameter in model.Network.Parameters)
        {
            adam.SetSlot(parameter, "m", Reference.Random(parameter.Length, 1));
            adam.SetSlot(parameter, "v", Reference.Random(parameter.Length, 2, 0.01f));
        }

        var evolution = new SparseEvolution(0.3, 7) { EvolveOutputLayer = true, Pruning = pruning ? NeuronPruning.FewestConnections(0.1, beta: 1, gamma: 2) : null };
        using ITrainingBackend backend = new CpuBackend { Threads = threads }.Open(model.Network);
        for (int step = 0; step < 2; step++)
        {
            evolution.EpochTrained();
            evolution.Evolve(model.Network, adam.State, backend);
        }

        return (model, adam);
    }

    /// <summary>The rule by sorting: the first <c>round(zeta n)</c> of each sign's <c>n</c> weights by magnitude, then index, and every zero or NaN.</summary>
    private static int[] Rule(float[] weights, double zeta)
    {
        IEnumerable<int> Smallest(Func<float, bool> side)
        {
            int[] indices = Enumerable.Range(0, weights.Length).Where(e => side(weights[e])).OrderBy(e => Math.Abs(weights[e])).ThenBy(e => e).ToArray();
            return indices.Take((int)Math.Round(zeta * indices.Length, MidpointRounding.ToEven));
        }

        return Smallest(w => w > 0).Concat(Smallest(w => w < 0)).Concat(Enumerable.Range(0, weights.Length).Where(e => !(weights[e] > 0 || weights[e] < 0))).Order().ToArray();
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
