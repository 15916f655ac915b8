using SparseGen;

namespace SparseGen.Tests.Numerics;

public class KernelTests
{
    internal static readonly Dictionary<string, Func<ISparseModel>> Models = new()
    {
        [nameof(SmallUsn)] = () => new SmallUsn(),
        [nameof(MnistSmall)] = () => new MnistSmall(),
        [nameof(EveryPattern)] = () => new EveryPattern(),
        [nameof(ExplicitStrategies)] = () => new ExplicitStrategies(),
    };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (ISparseModel model in Models.Values.Select(create => create()))
        {
            foreach (int batch in new[] { 1, 3, 32 })
            {
                for (int layer = 0; layer < model.Layers.Count; layer++)
                {
                    data.Add(model.GetType().Name + "/" + layer, batch);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_forward_equals_the_masked_dense_reference(string layerName, int batch)
    {
        var (layer, topology) = Layer(layerName);
        float[] w = Reference.Random(layer.EdgeCount, 1), b = Reference.Random(layer.Units, 2), x = Reference.Random(layer.Inputs * batch, 3);
        var z = new float[layer.Units * batch];

        layer.Kernel.Forward(w, b, x, z, batch);

        double[] expected = Reference.Forward(Reference.MaskedWeights(layer.Kernel, w), b, x, batch);
        for (int k = 0; k < z.Length; k++)
        {
            Reference.Close(expected[k], z[k]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_backward_equals_the_masked_dense_reference(string layerName, int batch)
    {
        var (layer, topology) = Layer(layerName);
        float[] w = Reference.Random(layer.EdgeCount, 1), x = Reference.Random(layer.Inputs * batch, 3), dz = Reference.Random(layer.Units * batch, 4);
        var dw = new float[layer.EdgeCount];
        var db = new float[layer.Units];
        var dx = new float[layer.Inputs * batch];

        layer.Kernel.Backward(w, x, dz, dw, db, dx, batch);

        double[,] wm = Reference.MaskedWeights(layer.Kernel, w);
        var (inputs, outputs) = Reference.WeightEdges(layer.Kernel);
        for (int e = 0; e < layer.EdgeCount; e++)
        {
            var (i, j) = (inputs[e], outputs[e]);
            Reference.Close(Enumerable.Range(0, batch).Sum(s => (double)dz[(j * batch) + s] * x[(i * batch) + s]), dw[e]);
        }

        for (int j = 0; j < layer.Units; j++)
        {
            Reference.Close(Enumerable.Range(0, batch).Sum(s => (double)dz[(j * batch) + s]), db[j]);
        }

        for (int i = 0; i < layer.Inputs; i++)
        {
            for (int s = 0; s < batch; s++)
            {
                Reference.Close(Enumerable.Range(0, layer.Units).Sum(j => wm[j, i] * dz[(j * batch) + s]), dx[(i * batch) + s]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_and_generic_kernels_agree_bitwise_where_they_accumulate_in_the_same_order(string layerName, int batch)
    {
        var (layer, topology) = Layer(layerName);
        var generic = new CsrLayerKernel(topology);
        int[] canonical = Reference.CanonicalIndex(layer.Kernel, topology);
        float[] w = Reference.Random(layer.EdgeCount, 1), b = Reference.Random(layer.Units, 2), x = Reference.Random(layer.Inputs * batch, 3), dz = Reference.Random(layer.Units * batch, 4);
        var wGeneric = new float[w.Length];
        for (int s = 0; s < w.Length; s++)
        {
            wGeneric[canonical[s]] = w[s];
        }

        var (z1, z2) = (new float[layer.Units * batch], new float[layer.Units * batch]);
        var (dw1, dw2) = (new float[layer.EdgeCount], new float[layer.EdgeCount]);
        var (db1, db2) = (new float[layer.Units], new float[layer.Units]);
        var (dx1, dx2) = (new float[layer.Inputs * batch], new float[layer.Inputs * batch]);

        layer.Kernel.Forward(w, b, x, z1, batch);
        generic.Forward(wGeneric, b, x, z2, batch);
        layer.Kernel.Backward(w, x, dz, dw1, db1, dx1, batch);
        generic.Backward(wGeneric, x, dz, dw2, db2, dx2, batch);
        float[] dw1Canonical = new float[dw1.Length];
        for (int s = 0; s < dw1.Length; s++)
        {
            dw1Canonical[canonical[s]] = dw1[s];
        }

        Assert.Equal(generic.Fingerprint, layer.Kernel.Fingerprint);
        Assert.Equal(dw2, dw1Canonical);
        Assert.Equal(db2, db1);
        bool sameOrder = layer.Kernel.Strategy != CodegenStrategy.Computed && batch > 1;
        if (sameOrder)
        {
            Assert.Equal(z2, z1);
            Assert.Equal(dx2, dx1);
        }
        else
        {
            // Batch-1 gather-dots and the shift-major Computed sums add the same terms in another order.
            Assert.All(Enumerable.Range(0, z1.Length), k => Reference.Close(z2[k], z1[k], 1e-6, 1e-6));
            Assert.All(Enumerable.Range(0, dx1.Length), k => Reference.Close(dx2[k], dx1[k], 1e-6, 1e-6));
        }
    }

    [Fact]
    public void Auto_chooses_dense_computed_unrolled_and_table_by_the_layer()
    {
        Assert.Equal(CodegenStrategy.Unrolled, new SmallUsn().Hidden.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Dense, new SmallUsn().Output.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Table, new MnistSmall().Hidden.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Computed, new EveryPattern().FibonacciRotating.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Dense, new ExplicitStrategies().FullUniform.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Computed, new ExplicitStrategies().WideComputed.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Table, new ExplicitStrategies().RotatingAsTable.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Unrolled, new ExplicitStrategies().RotatingUnrolled.Kernel.Strategy);
    }

    [Fact]
    public void A_wrong_buffer_length_names_the_expected_and_actual_sizes()
    {
        var layer = new SmallUsn().Hidden;
        var e = Assert.Throws<ArgumentException>(() =>
            layer.Kernel.Forward(new float[layer.EdgeCount], new float[layer.Units], new float[5], new float[layer.Units], 1));

        Assert.Contains("'input' has length 5; expected 13", e.Message);
    }

    [Fact]
    public void Generated_layers_carry_their_declaration()
    {
        var model = new SmallUsn();

        Assert.Equal(["Hidden", "Output"], model.Layers.Select(l => l.Name));
        Assert.Equal(ConnectivityPattern.Uniform, model.Hidden.Pattern);
        Assert.Equal(0.3, model.Hidden.Density);
        Assert.Equal(7, model.Hidden.Seed);
        Assert.Equal(Activation.Tanh, model.Hidden.Activation);
        Assert.Equal(SparseGen.Topology.EdgeCountFor(13, 9, 0.3), model.Hidden.EdgeCount);
        Assert.Equal(SparseGen.Topology.Create(ConnectivityPattern.Uniform, 13, 9, 0.3, 7).Fingerprint, model.Hidden.Fingerprint);
        Assert.Same(model.Output, model.Layers[1]);
        Assert.Equal(13, model.InputCount);
        Assert.Equal(4, model.OutputCount);
    }

    [Fact]
    public void Generated_kernels_expose_the_topology_facts_as_constants()
    {
        var t = SparseGen.Topology.Create(ConnectivityPattern.Uniform, 784, 64, 0.1, 42);
        var degrees = TopologyAnalysis.Degrees(t);

        Assert.Equal(MnistSmall.HiddenKernel.Edges, t.EdgeCount);
        Assert.Equal(MnistSmall.HiddenKernel.TopologyFingerprint, t.Fingerprint);
        Assert.Equal((degrees.FanInMin, degrees.FanInMax, degrees.FanOutMin, degrees.FanOutMax),
            (MnistSmall.HiddenKernel.FanInMin, MnistSmall.HiddenKernel.FanInMax, MnistSmall.HiddenKernel.FanOutMin, MnistSmall.HiddenKernel.FanOutMax));
        Assert.Equal((784, 64), (MnistSmall.HiddenKernel.InputCount, MnistSmall.HiddenKernel.OutputCount));
    }

    private static (ISparseLayer Layer, SparseGen.Topology Topology) Layer(string name)
    {
        string[] parts = name.Split('/');
        ISparseModel model = Models[parts[0]]();
        ISparseLayer layer = model.Layers[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)];
        var topology = SparseGen.Topology.Create(layer.Pattern, layer.Inputs, layer.Units, layer.Density, (ulong)layer.Seed);
        return (layer, topology);
    }
}
