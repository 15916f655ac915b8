using SparseGen.Tests.Ilgpu;
using SparseGen.IO;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Networks;
using SparseGen.Tests.Numerics;

namespace SparseGen.Tests.Generator;

/// <summary>
/// Layers declared by a topology file (<c>[SparseLayer("hidden.mtx")]</c>): the compiled layer is the topology
/// <see cref="SparseGen.Topology.FromEdges"/> builds from the same edges (fingerprint, kernels bit for bit), takes a
/// checkpoint trained with the generic kernels, gets its initial weights from a real file, and runs on the device
/// when its tables exceed a device's constant memory.
/// </summary>
[Collection(IlgpuCollection.Name)]
public class TopologyFileTests
{
    private const string Layers = """
        [SparseLayer("hidden.mtx", Activation = Activation.Relu)]
            public partial ISparseLayer Hidden { get; }

            [SparseLayer(1.0, ConnectivityPattern.Dense, 0, Units = 4, Activation = Activation.Softmax)]
            public partial ISparseLayer Output { get; }
        """;

    private static readonly SparseGen.Topology Hidden = SparseGen.Topology.Create(ConnectivityPattern.ErdosRenyi, 30, 12, 0.2, 7);

    private static readonly Lazy<ISparseModel> Learned = new(() =>
        TopologyFiles.Create(TopologyFiles.Model(Layers), "Learned", TopologyFiles.File("hidden.mtx", TopologyFiles.Text(Hidden))));

    [Fact]
    public void A_file_layer_has_the_fingerprint_of_FromEdges_and_reports_ErdosRenyi_at_its_density()
    {
        ISparseLayer layer = Learned.Value.Layers[0];
        var fromEdges = SparseGen.Topology.FromEdges(30, 12, Hidden.Edges.Reverse());

        Assert.Equal(fromEdges.Fingerprint, layer.Fingerprint);
        Assert.Equal((30, 12, Hidden.EdgeCount), (layer.Inputs, layer.Units, layer.EdgeCount));
        Assert.Equal(ConnectivityPattern.ErdosRenyi, layer.Pattern);
        Assert.Equal(Hidden.EdgeCount / 360.0, layer.Density);
        Assert.Equal(0UL, layer.Seed);
        Assert.Equal(CodegenStrategy.Table, layer.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Dense, Learned.Value.Layers[1].Kernel.Strategy);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void A_file_layer_computes_bit_for_bit_what_the_generic_kernel_computes(int batch)
    {
        ILayerKernel kernel = Learned.Value.Layers[0].Kernel;
        var reference = new CsrLayerKernel(Hidden);
        float[] w = Reference.Random(kernel.EdgeCount, 1), b = Reference.Random(12, 2), x = Reference.Random(30 * batch, 3), dz = Reference.Random(12 * batch, 4);
        float[] z = new float[12 * batch], zRef = new float[12 * batch], dw = new float[kernel.EdgeCount], dwRef = new float[kernel.EdgeCount];
        float[] db = new float[12], dbRef = new float[12], dx = new float[30 * batch], dxRef = new float[30 * batch];

        kernel.Forward(w, b, x, z, batch);
        reference.Forward(w, b, x, zRef, batch);
        kernel.Backward(w, x, dz, dw, db, dx, batch);
        reference.Backward(w, x, dz, dwRef, dbRef, dxRef, batch);

        Assert.Equal(zRef, z);
        Assert.Equal(dwRef, dw);
        Assert.Equal(dbRef, db);
        Assert.Equal(dxRef, dx);
    }

    [Fact]
    public void A_checkpoint_trained_with_the_generic_kernels_loads_and_predicts_the_same_bits()
    {
        var generic = new GenericSparseModel(30,
        [
            new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 12, 0.2, 7, Activation.Relu, Topology: SparseGen.Topology.FromEdges(30, 12, Hidden.Edges)),
            new LayerSpec("Output", ConnectivityPattern.Dense, 4, 1.0, 0, Activation.Softmax),
        ], initSeed: 3);
        var data = new Dataset(Reference.Random(30 * 16, 5), 30, Enumerable.Range(0, 16).Select(s => s % 4).ToArray(), 4);
        new Trainer(generic, new Adam(0.01), Loss.CategoricalCrossEntropy) { Seed = 1 }.Fit(data, 2, 4);
        string path = Path.Combine(Path.GetTempPath(), $"sparsegen-file-{Guid.NewGuid():N}.safetensors");
        ISparseModel compiled = TopologyFiles.Create(TopologyFiles.Model(Layers), "Learned", TopologyFiles.File("hidden.mtx", TopologyFiles.Text(Hidden)));
        try
        {
            Checkpoint.Save(generic, path);
            Checkpoint.Load(compiled, path);
        }
        finally
        {
            File.Delete(path);
        }

        AssertSamePredictions(generic, compiled, data);
    }

    [Fact]
    public void A_topology_evolved_by_SET_and_exported_as_Matrix_Market_compiles_and_takes_the_runs_checkpoint()
    {
        var generic = new GenericSparseModel(30,
        [
            new LayerSpec("Hidden", ConnectivityPattern.ErdosRenyi, 12, 0.2, 7, Activation.Relu),
            new LayerSpec("Output", ConnectivityPattern.Dense, 4, 1.0, 0, Activation.Softmax),
        ], initSeed: 3);
        ulong initial = generic.Layers[0].Fingerprint;
        var data = new Dataset(Reference.Random(30 * 16, 5), 30, Enumerable.Range(0, 16).Select(s => s % 4).ToArray(), 4);
        new Trainer(generic, new Adam(0.01), Loss.CategoricalCrossEntropy) { Seed = 1, Evolution = new SparseEvolution(0.3, 2) }.Fit(data, 3, 4);
        SparseGen.Topology learned = ((IRewirableKernel)generic.Layers[0].Kernel).Topology;
        Assert.NotEqual(initial, learned.Fingerprint);

        string checkpoint = Path.Combine(Path.GetTempPath(), $"sparsegen-set-{Guid.NewGuid():N}.safetensors"), mtx = Path.ChangeExtension(checkpoint, ".mtx");
        ISparseModel compiled;
        try
        {
            Checkpoint.Save(generic, checkpoint);
            MatrixMarket.Write(learned, mtx);
            compiled = TopologyFiles.Create(TopologyFiles.Model(Layers), "Learned", TopologyFiles.File("hidden.mtx", File.ReadAllText(mtx)));
            Checkpoint.Load(compiled, checkpoint);
        }
        finally
        {
            File.Delete(checkpoint);
            File.Delete(mtx);
        }

        Assert.Equal(learned.Fingerprint, compiled.Layers[0].Fingerprint);
        AssertSamePredictions(generic, compiled, data);
    }

    [Fact]
    public void A_real_file_gives_the_initial_weights_and_Initialize_draws_new_ones()
    {
        float[] values = Enumerable.Range(0, Hidden.EdgeCount).Select(e => (e % 7) - 3.25f + (e * 1e-3f)).ToArray();
        ISparseModel model = TopologyFiles.Create(TopologyFiles.Model(Layers), "Learned", TopologyFiles.File("hidden.mtx", TopologyFiles.Text(Hidden, values)));

        Assert.Equal(values, model.Layers[0].Weights.Values);
        Assert.All(model.Layers[0].Bias.Values, b => Assert.Equal(0f, b));
        model.Initialize(1);
        Assert.NotEqual(values, model.Layers[0].Weights.Values);
    }

    [Fact]
    public void A_rotating_file_is_computed_and_a_full_file_is_dense()
    {
        var rotating = SparseGen.Topology.Create(ConnectivityPattern.LongShortRotating, 30, 12, 0.25, 0);
        var full = SparseGen.Topology.Create(ConnectivityPattern.Dense, 12, 5, 1.0, 0);
        float[] values = Enumerable.Range(0, rotating.EdgeCount).Select(e => e + 1f).ToArray();
        ISparseModel model = TopologyFiles.Create(TopologyFiles.Model("""
            [SparseLayer("rotating.mtx")] public partial ISparseLayer Hidden { get; }
            [SparseLayer("full.mtx")] public partial ISparseLayer Output { get; }
            """), "Learned", TopologyFiles.File("rotating.mtx", TopologyFiles.Text(rotating, values)), TopologyFiles.File("full.mtx", TopologyFiles.Text(full)));

        Assert.Equal(CodegenStrategy.IndexFree, model.Layers[0].Kernel.Strategy);
        Assert.Equal(rotating.Fingerprint, model.Layers[0].Fingerprint);
        Assert.Equal(CodegenStrategy.Dense, model.Layers[1].Kernel.Strategy);
        Assert.Equal(full.Fingerprint, model.Layers[1].Fingerprint);

        // The IndexFree kernel keeps its weights shift-major; each file value still lands on its own edge.
        var (inputs, outputs) = Reference.WeightEdges(model.Layers[0].Kernel);
        var canonical = rotating.Edges.Select((edge, e) => (edge, e)).ToDictionary(p => p.edge, p => values[p.e]);
        for (int s = 0; s < inputs.Length; s++)
        {
            Assert.Equal(canonical[(inputs[s], outputs[s])], model.Layers[0].Weights.Values[s]);
        }
    }

    [Fact]
    public void A_wide_layer_from_a_topology_file_runs_on_the_device_as_on_the_cpu()
    {
        var wide = SparseGen.Topology.Create(ConnectivityPattern.ErdosRenyi, 400, 200, 0.15, 3);
        ISparseModel model = TopologyFiles.Create(TopologyFiles.Model("""
            [SparseLayer("wide.mtx", Activation = Activation.Tanh)] public partial ISparseLayer Hidden { get; }
            """, inputs: 400), "Learned", TopologyFiles.File("wide.mtx", TopologyFiles.Text(wide)));
        model.Initialize(5);
        const int Batch = 3;
        float[] x = Reference.Random(400 * Batch, 6);
        float[] expected = model.Network.Forward(x, Batch, null).ToArray();
        using var device = IlgpuCpu.Backend.Open(model.Network);

        IlgpuCpu.Close(expected, device.Forward(x, Batch, null).ToArray(), "output");
    }

    private static void AssertSamePredictions(ISparseModel generic, ISparseModel compiled, Dataset data)
    {
        float[] expected = new float[4], actual = new float[4];
        for (int s = 0; s < data.Count; s++)
        {
            generic.Predict(data.Features(s), expected);
            compiled.Predict(data.Features(s), actual);
            Assert.Equal(expected, actual);
        }
    }
}
