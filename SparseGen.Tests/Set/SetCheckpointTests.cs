using SparseGen;
using SparseGen.Networks;

namespace SparseGen.Tests.Set;

using Topology = SparseGen.Topology;

public sealed class SetCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-set-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SparseEvolution Evolution() => new(0.3, 21) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 2, gamma: 3) };

    [Fact]
    public void A_learned_topology_is_marked_and_a_model_built_from_the_file_takes_it_back_exactly()
    {
        GenericSparseModel model = SetModels.Mlp(20, [18, 14], 3, dropout: 0.2);
        var evolution = Evolution();
        new Trainer(model, new Adam(0.01), Loss.CategoricalCrossEntropy) { Evolution = evolution }.Fit(SetModels.Data(48, 20, 3), 4, 12);
        string path = Path.Combine(_dir, "learned.safetensors");
        Checkpoint.Save(model, path, metadata: evolution.GetMetadata());

        IReadOnlyDictionary<string, string> meta = Checkpoint.ReadMetadata(path);
        Assert.All(model.Layers, l => Assert.Equal(Checkpoint.Learned, meta[$"{l.Name}.topology"]));
        Assert.All(model.Layers, l => Assert.Equal($"0x{l.Fingerprint:X16}", meta[$"{l.Name}.fingerprint"]));
        Assert.Equal(("4", "3"), (meta["evolution.epochs_trained"], meta["evolution.steps"])); // 4 epochs, 3 steps between them

        IReadOnlyDictionary<string, Topology> topologies = Checkpoint.ReadTopologies(path);
        Assert.Equal(model.Layers.Select(l => l.Fingerprint), model.Layers.Select(l => topologies[l.Name].Fingerprint));
        GenericSparseModel loaded = Build(model, topologies);
        Checkpoint.Load(loaded, path);
        Assert.Equal(SetModels.Values(model), SetModels.Values(loaded));
        Assert.All(loaded.Layers.Cast<SparseLayer>(), l => Assert.True(l.TopologyLearned));

        // The declared network no longer matches, and the message says how to build the right one.
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(SetModels.Mlp(20, [18, 14], 3, dropout: 0.2), path));
        Assert.Contains("learned topology", e.Message);
        Assert.Contains("Checkpoint.ReadTopologies", e.Message);
    }

    [Fact]
    public void Training_resumed_from_a_checkpoint_evolves_and_trains_bit_for_bit_as_the_uninterrupted_run()
    {
        Dataset data = SetModels.Data(48, 20, 3);
        GenericSparseModel straight = SetModels.Mlp(20, [18, 14], 3, dropout: 0.2);
        var optimizer = new Adam(0.01);
        var evolution = Evolution();
        new Trainer(straight, optimizer, Loss.CategoricalCrossEntropy) { Seed = 1, Evolution = evolution }.Fit(data, 2, 12);
        string path = Path.Combine(_dir, "resume.safetensors");
        Checkpoint.Save(straight, path, optimizer, evolution.GetMetadata());
        new Trainer(straight, optimizer, Loss.CategoricalCrossEntropy) { Seed = 2, Evolution = evolution }.Fit(data, 4, 12);

        // The model comes back from the file alone: learned topologies, activations and dropout rates (which the
        // continued training draws on) as saved.
        var resumedOptimizer = new Adam(0.01);
        GenericSparseModel resumed = Checkpoint.LoadModel(path, resumedOptimizer);
        var resumedEvolution = Evolution();
        resumedEvolution.Restore(Checkpoint.ReadMetadata(path));
        Assert.Equal(straight.Layers.Select(l => (l.Name, l.Dropout, l.Activation)), resumed.Layers.Select(l => (l.Name, l.Dropout, l.Activation)));
        new Trainer(resumed, resumedOptimizer, Loss.CategoricalCrossEntropy) { Seed = 2, Evolution = resumedEvolution }.Fit(data, 4, 12);

        Assert.Equal(4, resumedEvolution.History.Count); // before epochs 3 .. 6, pruning before 3 and 4 and 5
        Assert.Equal(evolution.History.Skip(1).Select(s => s.NeuronsPruned.Sum()), resumedEvolution.History.Select(s => s.NeuronsPruned.Sum()));
        Assert.True(resumed.Layers[0].Units < 18);
        Assert.Equal(straight.Layers.Select(l => l.Fingerprint), resumed.Layers.Select(l => l.Fingerprint));
        Assert.Equal(SetModels.Values(straight), SetModels.Values(resumed));
        foreach (var (a, b) in straight.Network.Parameters.Zip(resumed.Network.Parameters))
        {
            Assert.Equal(optimizer.GetSlot(a, "v"), resumedOptimizer.GetSlot(b, "v"));
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("-0.1")]
    [InlineData("x")]
    public void A_dropout_rate_outside_zero_to_one_is_rejected_naming_the_key(string rate)
    {
        GenericSparseModel model = SetModels.Mlp(10, [8], 3, dropout: 0.25);
        string path = Path.Combine(_dir, "dropout.safetensors");
        Checkpoint.Save(model, path);
        Assert.Equal("0.25", Checkpoint.ReadMetadata(path)["Hidden1.dropout"]);
        Assert.False(Checkpoint.ReadMetadata(path).ContainsKey("Output.dropout"));
        SparseGen.Tests.Training.CheckpointTests.Resign(path, (meta, _) => meta["Hidden1.dropout"] = rate);

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadModel(path));
        Assert.Contains($"metadata 'Hidden1.dropout' is '{rate}'; it must be a number in [0, 1)", e.Message);
    }

    [Theory]
    [InlineData("zeta")]
    [InlineData("method")]
    [InlineData("seed")]
    public void Restoring_into_an_evolution_with_other_options_is_refused_naming_the_option(string option)
    {
        IReadOnlyDictionary<string, string> recorded = Evolution().GetMetadata();
        SparseEvolution other = option switch
        {
            "zeta" => new SparseEvolution(0.5, 21) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 2, gamma: 3) },
            "method" => new SparseEvolution(0.3, 21),
            _ => new SparseEvolution(0.3, 22) { Pruning = NeuronPruning.FewestConnections(0.1, beta: 2, gamma: 3) },
        };

        var e = Assert.Throws<InvalidDataException>(() => other.Restore(recorded));

        Assert.Contains($"evolution.{option}", e.Message);
        Assert.Contains(recorded[$"evolution.{option}"], e.Message);
        Evolution().Restore(recorded);
    }

    [Fact]
    public void Restoring_needs_the_evolution_position_in_the_metadata()
    {
        var e = Assert.Throws<InvalidDataException>(() => new SparseEvolution().Restore(new Dictionary<string, string>()));
        Assert.Contains("evolution.epochs_trained", e.Message);
    }

    [Fact]
    public void Edges_that_do_not_match_their_fingerprint_are_rejected_with_the_layer()
    {
        GenericSparseModel model = SetModels.Mlp(10, [8], 3);
        string path = Path.Combine(_dir, "tampered.safetensors");
        var evolution = new SparseEvolution(0.3, 2);
        new Trainer(model, new Adam(), Loss.CategoricalCrossEntropy) { Evolution = evolution }.Fit(SetModels.Data(16, 10, 3), 2, 8);
        Checkpoint.Save(model, path);
        string fingerprint = $"0x{model.Layers[0].Fingerprint:X16}";
        SparseGen.Tests.Training.CheckpointTests.Resign(path, (meta, _) => meta["Hidden1.fingerprint"] = "0x0123456789ABCDEF");

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadTopologies(path));
        Assert.Contains("layer 'Hidden1'", e.Message);
        Assert.Contains(fingerprint, e.Message);

        SparseGen.Tests.Training.CheckpointTests.Resign(path, (meta, _) => meta["Hidden1.topology"] = "evolved");
        e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMetadata(path));
        Assert.Contains("metadata 'Hidden1.topology' is 'evolved'; it must be 'learned'", e.Message);
    }

    [Theory]
    [InlineData("inputs")]
    [InlineData("units")]
    public void Crafted_sizes_are_refused_before_anything_of_their_size_is_allocated(string key)
    {
        GenericSparseModel model = SetModels.Mlp(10, [8], 3);
        string path = Path.Combine(_dir, $"huge-{key}.safetensors");
        Checkpoint.Save(model, path);
        SparseGen.Tests.Training.CheckpointTests.Resign(path, (meta, _) =>
        {
            meta[$"Hidden1.{key}"] = "2147483647";
            if (key == "inputs")
            {
                meta["model.inputs"] = "2147483647";
            }
        });

        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadTopologies(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("layer 'Hidden1'", e.Message);
        Assert.Contains(key == "inputs" ? "tables would take" : "its bias tensor holds 8", e.Message);
    }

    /// <summary>A model declared as <paramref name="like"/> but with the given topologies, as a user resuming a run builds it.</summary>
    private static GenericSparseModel Build(ISparseModel like, IReadOnlyDictionary<string, Topology> topologies) =>
        new(like.InputCount, like.Layers.Select(l => LayerSpec.Of(l, topologies[l.Name])).ToList());
}
