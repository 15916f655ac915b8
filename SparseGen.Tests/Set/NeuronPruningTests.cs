using SparseGen;
using SparseGen.Backends;
using SparseGen.Backends.Cpu;
using SparseGen.Networks;
using SparseGen.Networks.Evolution;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Set;

using Topology = SparseGen.Topology;

public sealed class NeuronPruningTests
{
    [Fact]
    public void The_fewest_connections_rule_counts_outgoing_edges_then_incoming_then_the_index()
    {
        // Hidden layer: 2 inputs -> 5 units; next layer: 5 -> 2.
        Topology layer = Topology.FromEdges(2, 5, [(0, 0), (1, 0), (0, 1), (0, 2), (1, 2), (0, 3), (0, 4), (1, 4)]);
        Topology next = Topology.FromEdges(5, 2, [(0, 0), (0, 1), (1, 0), (2, 0), (3, 0), (3, 1), (4, 1)]);
        // Fan-out: 2, 1, 1, 2, 1; fan-in: 2, 1, 2, 1, 2. round(0.4 * 5) = 2 go: unit 1 (1 out, 1 in), then 2 and 4
        // (1 out, 2 in each), the lower index first.
        Assert.Equal([1, 2], NeuronPruningLayerStep.FewestConnections(layer, next, 0.4));
        Assert.Equal([1], NeuronPruningLayerStep.FewestConnections(layer, next, 0.25)); // round(1.25) = 1
        Assert.Equal([1, 2, 3, 4], NeuronPruningLayerStep.FewestConnections(layer, next, 0.99)); // one unit always stays
    }

    [Fact]
    public void The_percentile_is_numpys_linear_interpolation()
    {
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6];
        // np.percentile(values, p) for p = 0, 10, 25, 50, 90, 100: 1, 1, 1.75, 3.5, 6.9, 9
        Assert.Equal(1, NeuronPruningLayerStep.Percentile(values, 0), 12);
        Assert.Equal(1, NeuronPruningLayerStep.Percentile(values, 10), 12);
        Assert.Equal(1.75, NeuronPruningLayerStep.Percentile(values, 25), 12);
        Assert.Equal(3.5, NeuronPruningLayerStep.Percentile(values, 50), 12);
        Assert.Equal(6.9, NeuronPruningLayerStep.Percentile(values, 90), 12);
        Assert.Equal(9, NeuronPruningLayerStep.Percentile(values, 100), 12);
    }

    [Fact]
    public void Importance_pruning_takes_the_units_at_or_below_the_percentile_of_summed_absolute_incoming_weight()
    {
        Topology layer = Topology.FromEdges(2, 4, [(0, 0), (1, 0), (0, 1), (1, 2), (0, 3), (1, 3)]);
        // Sums: unit 0 |0.25| + |-0.25| = 0.5, unit 1 0.75, unit 2 0.5, unit 3 0.75 + 0.25 = 1; sorted 0.5, 0.5, 0.75, 1.
        float[] weights = [0.25f, -0.25f, 0.75f, -0.5f, 0.75f, 0.25f];
        Assert.Equal([0, 2], NeuronPruningLayerStep.Importance(layer, weights, 25)); // rank 0.75: 0.5
        Assert.Equal([0, 2], NeuronPruningLayerStep.Importance(layer, weights, 60)); // rank 1.8: 0.7
        Assert.Equal([0, 1, 2], NeuronPruningLayerStep.Importance(layer, weights, 70)); // rank 2.1: 0.775
        Assert.Equal([1, 2, 3], NeuronPruningLayerStep.Importance(layer, new float[6], 50)); // all equal: one unit stays
    }

    [Fact]
    public void A_pruned_network_computes_what_a_network_built_at_its_new_sizes_computes()
    {
        GenericSparseModel model = SetModels.Mlp(24, [20, 16], 4, epsilon: 2);
        var adam = new Adam();
        using ITrainingBackend backend = new CpuBackend().Open(model.Network);
        var evolution = new SparseEvolution(0, 3) { Pruning = NeuronPruning.FewestConnections(0.25, beta: 1, gamma: 1) };
        evolution.EpochTrained();
        ISparseLayer hidden = model.Layers[0], output = model.Layers[2];
        float[] bias = Reference.Random(hidden.Units, 4);
        bias.CopyTo(hidden.Bias.Values, 0);
        int[] gone = NeuronPruningLayerStep.FewestConnections(SetModels.Topology(model.Layers[0]), SetModels.Topology(model.Layers[1]), 0.25);
        long parameters = model.Network.ParameterCount;

        EvolutionStep step = evolution.Evolve(model.Network, adam.State, backend);

        Assert.Equal([5, 4, 0], step.NeuronsPruned);
        Assert.Equal([15, 12, 4], model.Layers.Select(l => l.Units));
        Assert.Equal(15, model.Layers[1].Inputs);
        Assert.Equal(12, output.Inputs);
        Assert.Equal(model.Network.ParameterCount, step.Parameters);
        Assert.True(step.Parameters < parameters);
        Assert.Equal(bias.Where((_, j) => !gone.Contains(j)), hidden.Bias.Values);

        GenericSparseModel rebuilt = SetModels.Rebuilt(model);
        float[] x = Reference.Random(24 * 9, 6).Select(MathF.Abs).ToArray();
        float[] expected = new float[4 * 9], actual = new float[4 * 9];
        rebuilt.Predict(x, expected, 9);
        model.Predict(x, actual, 9);
        Assert.Equal(expected, actual);

        // Training goes on at the new sizes, evolving them.
        new Trainer(model, adam, Loss.CategoricalCrossEntropy) { Evolution = new SparseEvolution(0.3, 3) }.Fit(SetModels.Data(32, 24, 4), 2, 8);
        Assert.Equal([15, 12, 4], model.Layers.Select(l => l.Units));
    }

    [Fact]
    public void Pruning_follows_the_beta_gamma_schedule_and_removes_the_fraction_alpha_each_time()
    {
        GenericSparseModel model = SetModels.Mlp(16, [50], 3, epsilon: 4);
        var evolution = new SparseEvolution(0.3, 1) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 2, gamma: 2) };
        new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Evolution = evolution }.Fit(SetModels.Data(40, 16, 3), 6, 10);

        // Steps after epochs 1..5; pruning after epochs 2 and 3: 50 -> 45 -> round(4.5) = 4 -> 41.
        Assert.Equal([0, 5, 4, 0, 0], evolution.History.Select(s => s.NeuronsPruned[0]));
        Assert.Equal(41, model.Layers[0].Units);
        Assert.Equal(41, model.Layers[1].Inputs);
    }

    [Fact]
    public void Pruned_and_evolved_networks_train_to_the_same_bits_on_any_number_of_threads()
    {
        // Batches of 70 run as chunks of 32, 32 and 6; each rewiring resizes every chunk's buffers.
        float[][] Run(int threads)
        {
            GenericSparseModel model = SetModels.Mlp(16, [50, 30], 3, epsilon: 4, dropout: 0.2);
            var evolution = new SparseEvolution(0.3, 1) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 1, gamma: 3) };
            new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Seed = 4, Evolution = evolution, Backend = new CpuBackend { Threads = threads } }
                .Fit(SetModels.Data(200, 16, 3), 5, 70, validation: SetModels.Data(50, 16, 3, seed: 8));
            Assert.True(model.Layers[0].Units < 50);
            return SetModels.Values(model);
        }

        float[][] one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }

    [Fact]
    public void The_schedule_prunes_from_beta_every_period_epochs_for_gamma_epochs()
    {
        static int[] Epochs(NeuronPruning p) => Enumerable.Range(0, 260).Where(p.PrunesAfter).ToArray();

        // NPSET's default: every epoch, after 10 .. 49 trained epochs.
        Assert.Equal(Enumerable.Range(10, 40), Epochs(NeuronPruning.Importance()));
        Assert.Equal(Epochs(NeuronPruning.FewestConnections()), Epochs(NeuronPruning.Importance()));
        Assert.Equal(1, NeuronPruning.Importance().Period);
        // The truly sparse reference: after epochs 211, 221, ... to the end (its epoch index 210, 220, ... counted from 0).
        Assert.Equal([211, 221, 231, 241, 251], Epochs(NeuronPruning.Importance(20, beta: 211, gamma: int.MaxValue, period: 10)));
        Assert.Equal([5, 8], Epochs(NeuronPruning.Importance(20, beta: 5, gamma: 6, period: 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronPruning.Importance(period: 0));
    }
}
