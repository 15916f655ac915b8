using SparseGen;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Core.Random;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Set;

using Topology = SparseGen.Topology;

public sealed class SetEvolutionTests
{
    // A 3 x 4 layer with 10 edges; canonical index: weight.
    private static readonly float[] HandWeights = [0.50f, -0.10f, 0.15f, -0.70f, 0.05f, 0f, -0.30f, 0.90f, 0.15f, -0.05f];

    private static Topology HandTopology() => Topology.FromEdges(3, 4,
        [(0, 0), (1, 0), (2, 0), (0, 1), (2, 1), (0, 2), (1, 2), (2, 2), (1, 3), (2, 3)]);

    [Fact]
    public void The_rule_removes_the_weights_closest_to_zero_on_each_side_and_every_zero()
    {
        // Positives 0.50, 0.15 (#2), 0.05, 0.90, 0.15 (#8): round(0.4 * 5) = 2 smallest are #4 (0.05) and #2 (0.15,
        // the lower index of the two equal ones). Negatives -0.10, -0.70, -0.30, -0.05: round(0.4 * 4) = 2 closest to
        // zero are #9 (-0.05) and #1 (-0.10). #5 is zero.
        Assert.Equal([1, 2, 4, 5, 9], SetLayerStep.Removed(HandWeights, 0.4));

        // Half to even: 0.5 * 5 = 2.5 -> 2 positives, 0.5 * 4 = 2 negatives; zeta 0 removes only the zero.
        Assert.Equal([1, 2, 4, 5, 9], SetLayerStep.Removed(HandWeights, 0.5));
        Assert.Equal([5], SetLayerStep.Removed(HandWeights, 0));
        Assert.Equal(Enumerable.Range(0, 10), SetLayerStep.Removed(HandWeights, 1));
    }

    [Fact]
    public void Evolution_keeps_the_other_edges_with_their_weights_and_adds_as_many_new_ones()
    {
        Topology before = HandTopology();
        LayerRewiring change = SetLayerStep.Rewiring(before, HandWeights, 0.4, new WeightLaw(0f, false), new Xoshiro256StarStar(9), out int removed);
        Topology after = change.Topology;
        var edgesBefore = before.Edges.ToArray();
        var edgesAfter = after.Edges.ToArray();

        Assert.Equal(5, removed);
        Assert.Equal(10, after.EdgeCount);
        Assert.Equal(10, edgesAfter.Distinct().Count());
        int[] kept = [0, 3, 6, 7, 8];
        Assert.Equal(kept.Select(e => edgesBefore[e]), edgesAfter.Where((_, e) => change.WeightSource[e] >= 0));
        Assert.Equal(5, change.WeightSource.Count(s => s < 0));
        for (int e = 0; e < 10; e++)
        {
            Assert.Equal(change.WeightSource[e] < 0 ? 0f : HandWeights[change.WeightSource[e]], change.Weights[e]);
            if (change.WeightSource[e] >= 0)
            {
                Assert.Equal(edgesBefore[change.WeightSource[e]], edgesAfter[e]);
            }
        }
    }

    [Theory]
    [InlineData(50, 40, 0.05, 0.3)] // sparse: new positions by rejection
    [InlineData(12, 10, 0.9, 0.3)] // dense: new positions from the listed free pairs
    [InlineData(9, 7, 1.0, 0.5)] // every pair: the removed pairs come back
    [InlineData(30, 30, 0.2, 1.0)]
    public void The_edge_count_stays_and_no_edge_is_duplicated(int inputs, int units, double density, double zeta)
    {
        var rng = new Xoshiro256StarStar(4);
        Topology topology = Topology.Create(ConnectivityPattern.ErdosRenyi, inputs, units, density, 8);
        float[] weights = Reference.Random(topology.EdgeCount, 2);
        for (int step = 0; step < 5; step++)
        {
            LayerRewiring change = SetLayerStep.Rewiring(topology, weights, zeta, new WeightLaw(0.1f, true), rng, out int removed);
            Topology next = change.Topology;

            Assert.Equal(topology.EdgeCount, next.EdgeCount);
            Assert.Equal(removed, change.WeightSource.Count(s => s < 0));
            Assert.Equal(SetLayerStep.Removed(weights, zeta).Length, removed);
            for (int j = 0; j < units; j++)
            {
                ReadOnlySpan<int> row = next.Columns[next.RowOffsets[j]..next.RowOffsets[j + 1]];
                for (int k = 1; k < row.Length; k++)
                {
                    Assert.True(row[k] > row[k - 1], $"row {j} repeats or disorders input {row[k]}");
                }
            }

            Assert.Equal(next.Fingerprint, Topology.FromEdges(inputs, units, next.Edges).Fingerprint);
            topology = next;
            weights = change.Weights;
        }
    }

    [Fact]
    public void New_edges_are_uniform_over_the_free_pairs()
    {
        // 6 x 6 layer, 8 edges; the 4 smallest weights go every time, so 4 new edges fall on the 32 free pairs.
        Topology topology = Topology.FromEdges(6, 6, [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (0, 5), (5, 0)]);
        float[] weights = [0.9f, 0.8f, 0.01f, 0.02f, -0.9f, -0.8f, -0.01f, -0.02f];
        var counts = new Dictionary<(int, int), int>();
        var rng = new Xoshiro256StarStar(17);
        const int trials = 4000;
        for (int t = 0; t < trials; t++)
        {
            LayerRewiring change = SetLayerStep.Rewiring(topology, weights, 0.5, new WeightLaw(0f, false), rng, out _);
            foreach (var edge in change.Topology.Edges.Where((_, e) => change.WeightSource[e] < 0))
            {
                counts[edge] = counts.GetValueOrDefault(edge) + 1;
            }
        }

        Assert.Equal(32, counts.Count);
        double expected = trials * 4 / 32.0; // 500; binomial sd about 21
        Assert.All(counts.Values, c => Assert.InRange(c, expected - 110, expected + 110));
    }

    [Fact]
    public void A_step_moves_optimizer_state_with_its_edges_and_starts_new_edges_at_zero()
    {
        GenericSparseModel model = SetModels.Mlp(20, [16, 12], 4);
        var adam = new Adam();
        Topology[] before = model.Layers.Select(SetModels.Topology).ToArray();
        var old = new Dictionary<(int Layer, int Input, int Output), (float W, float M, float V)>();
        for (int l = 0; l < model.Layers.Count; l++)
        {
            ISparseLayer layer = model.Layers[l];
            float[] m = Enumerable.Range(1, layer.EdgeCount).Select(v => (float)v).ToArray();
            adam.SetSlot(layer.Weights, "m", m);
            adam.SetSlot(layer.Weights, "v", m.Select(v => v * 10).ToArray());
            var edges = before[l].Edges.ToArray();
            for (int e = 0; e < edges.Length; e++)
            {
                old[(l, edges[e].Input, edges[e].Output)] = (layer.Weights.Values[e], m[e], m[e] * 10);
            }
        }

        using ITrainingBackend backend = new CpuBackend().Open(model.Network);
        EvolutionStep step = new SparseEvolution(0.3, 1) { Regrowth = RegrowthInitializer.Zero }.Evolve(model.Network, adam.State, backend);

        Assert.Equal(0, step.EdgesRemoved[^1]); // the output layer keeps its edges by default
        for (int l = 0; l < model.Layers.Count; l++)
        {
            ISparseLayer layer = model.Layers[l];
            var edges = SetModels.Topology(layer).Edges.ToArray();
            float[] m = adam.GetSlot(layer.Weights, "m")!, v = adam.GetSlot(layer.Weights, "v")!;
            Assert.Equal(before[l].EdgeCount, edges.Length);
            int fresh = 0;
            for (int e = 0; e < edges.Length; e++)
            {
                if (layer.Weights.Values[e] == 0f)
                {
                    fresh++;
                    Assert.Equal((0f, 0f), (m[e], v[e]));
                }
                else
                {
                    Assert.Equal(old[(l, edges[e].Input, edges[e].Output)], (layer.Weights.Values[e], m[e], v[e]));
                }
            }

            Assert.Equal(step.EdgesAdded[l], fresh);
        }
    }

    [Theory]
    [InlineData(SparseFormat.Csr)]
    [InlineData(SparseFormat.Ell)]
    public void A_rebuilt_kernel_computes_what_a_new_kernel_of_the_topology_computes(SparseFormat format)
    {
        GenericSparseModel model = SetModels.Mlp(30, [25, 20], 5, format: format);
        var trainer = new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Evolution = new SparseEvolution(0.3, 2) { EvolveOutputLayer = true, Pruning = NeuronPruning.FewestConnections(0.2, 1, 2) } };
        trainer.Fit(SetModels.Data(64, 30, 5), 3, 16);
        GenericSparseModel fresh = SetModels.Rebuilt(model);
        const int batch = 7;
        float[] x = Reference.Random(30 * batch, 1);
        float[] dz = Reference.Random(5 * batch, 3);

        model.Network.Forward(x, batch, null);
        fresh.Network.Forward(x, batch, null);
        model.Network.Backward(dz, batch);
        fresh.Network.Backward(dz, batch);

        Assert.Equal(SetModels.Values(fresh), SetModels.Values(model));
        Assert.Equal(fresh.Network.Parameters.Select(p => p.Gradients), model.Network.Parameters.Select(p => p.Gradients));
        Assert.Equal(fresh.Layers.Select(l => l.Fingerprint), model.Layers.Select(l => l.Fingerprint));
    }

    [Fact]
    public void A_dense_kernel_shrinks_with_its_inputs_but_cannot_lose_an_edge()
    {
        var kernel = new SparseGen.Kernels.Generic.DenseLayerKernel(6, 3);
        kernel.Rebuild(Topology.Create(ConnectivityPattern.Dense, 4, 3, 1.0, 0));

        Assert.Equal((4, 3, 12), (kernel.Inputs, kernel.Units, kernel.EdgeCount));
        var e = Assert.Throws<ArgumentException>(() => kernel.Rebuild(Topology.FromEdges(4, 3, [(0, 0)])));
        Assert.Contains("dense kernel holds every edge", e.Message);
    }

    [Fact]
    public void Generated_kernels_cannot_evolve_and_say_so_before_training()
    {
        var trainer = new Trainer(new SmallUsn(), new Adam(), Loss.CategoricalCrossEntropy) { Evolution = new SparseEvolution() };

        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(SetModels.Data(8, 13, 4), 2, 4));
        Assert.Contains("build the model as a GenericSparseModel", e.Message);
    }

    [Fact]
    public void Early_stopping_cannot_restore_the_weights_of_an_older_topology()
    {
        var trainer = new Trainer(SetModels.Mlp(6, [5], 3), new Adam(), Loss.CategoricalCrossEntropy) { Evolution = new SparseEvolution() };

        var e = Assert.Throws<InvalidOperationException>(() => trainer.Fit(SetModels.Data(8, 6, 3), 2, 4, callbacks: [new EarlyStopping(TrainingMetric.TrainLoss)]));
        Assert.Contains("restoreBestWeights: false", e.Message);
    }

    [Fact]
    public void The_network_evolves_between_epochs_and_never_after_the_last()
    {
        GenericSparseModel model = SetModels.Mlp(12, [10], 3);
        var evolution = new SparseEvolution(0.3, 1);
        var trainer = new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Evolution = evolution };
        Dataset data = SetModels.Data(40, 12, 3);
        trainer.Fit(data, 3, 8);

        Assert.Equal([1, 2], evolution.History.Select(s => s.AfterEpoch));
        Assert.Equal(3, evolution.EpochsTrained);
        Assert.All(evolution.History, s => Assert.True(s.EdgesRemoved[0] > 0 && s.EdgesRemoved[0] == s.EdgesAdded[0]));
        Assert.True(model.Layers.Cast<SparseLayer>().First().TopologyLearned);

        trainer.Fit(data, 1, 8); // a second call goes on where the first stopped: one step before its epoch
        Assert.Equal([1, 2, 3], evolution.History.Select(s => s.AfterEpoch));
    }

    [Fact]
    public void A_rewiring_that_does_not_fit_is_refused_before_anything_changes()
    {
        GenericSparseModel model = SetModels.Mlp(10, [8], 3);
        float[][] values = SetModels.Values(model);
        ulong[] fingerprints = model.Layers.Select(l => l.Fingerprint).ToArray();
        var shrunk = new LayerRewiring(Topology.FromEdges(10, 7, [(0, 0), (1, 6)]), [0, 1], [0.5f, 0.5f], [0, 1, 2, 3, 4, 5, 6]);

        void Refused(IReadOnlyList<LayerRewiring?> changes, string what)
        {
            var e = Assert.Throws<ArgumentException>(() => model.Network.Rewire(changes));
            Assert.Contains(what, e.Message);
            Assert.Equal(values, SetModels.Values(model));
            Assert.Equal(fingerprints, model.Layers.Select(l => l.Fingerprint));
        }

        Refused([shrunk], "one entry per layer (2)");
        Refused([shrunk, null], "layer 'Output' would take 8 inputs, but 7 would arrive");
        Refused([shrunk with { UnitSource = null }, null], "needs a UnitSource");
        Refused([shrunk with { WeightSource = [0, 99] }, null], "weight source 99 is neither -1");
        Refused([shrunk with { Weights = [1f] }, null], "'Hidden1: Weights' has length 1; expected 2");
    }
}
