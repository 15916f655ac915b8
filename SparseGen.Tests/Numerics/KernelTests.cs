using SparseGen;
using SparseGen.Analysis;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

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
            // 70: past the IndexFree forward's CopyFromBatch (64), with a tail of 6 samples.
            foreach (int batch in new[] { 1, 3, 32, 70 })
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
        if (layer.Kernel.Strategy == CodegenStrategy.Dense)
        {
            Assert.All(Enumerable.Range(0, dw1.Length), k => Reference.Close(dw2[k], dw1Canonical[k], 1e-6, 1e-6));
            Assert.All(Enumerable.Range(0, db1.Length), k => Reference.Close(db2[k], db1[k], 1e-6, 1e-6));
        }
        else
        {
            Assert.Equal(dw2, dw1Canonical);
            Assert.Equal(db2, db1);
        }

        // Batched, the tables and IndexFree's canonical terms add each output's terms in the generic kernels' order;
        // batch-1 gather-dots, IndexFree's shift-major dx and the blocked dense product add them in another order.
        bool tables = layer.Kernel.Strategy is CodegenStrategy.Table or CodegenStrategy.Unrolled && batch > 1;
        if (tables || (layer.Kernel.Strategy == CodegenStrategy.IndexFree && batch > 1))
        {
            Assert.Equal(z2, z1);
        }
        else
        {
            Assert.All(Enumerable.Range(0, z1.Length), k => Reference.Close(z2[k], z1[k], 1e-6, 1e-6));
        }

        if (tables)
        {
            Assert.Equal(dx2, dx1);
        }
        else
        {
            Assert.All(Enumerable.Range(0, dx1.Length), k => Reference.Close(dx2[k], dx1[k], 1e-6, 1e-6));
        }
    }

    [Fact]
    public void Auto_chooses_dense_computed_or_table_and_an_explicit_strategy_wins()
    {
        Assert.Equal(CodegenStrategy.Table, new SmallUsn().Hidden.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Dense, new SmallUsn().Output.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Table, new MnistSmall().Hidden.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.IndexFree, new EveryPattern().FibonacciRotating.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Dense, new ExplicitStrategies().FullUniform.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.IndexFree, new ExplicitStrategies().WideIndexFree.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Table, new ExplicitStrategies().RotatingAsTable.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Unrolled, new ExplicitStrategies().RotatingUnrolled.Kernel.Strategy);
        Assert.Equal(CodegenStrategy.Table, new LargeRotating().Layer.Kernel.Strategy);
    }

    [Theory]
    [InlineData(ConnectivityPattern.Uniform, 0.1, 1)]
    [InlineData(ConnectivityPattern.Uniform, 0.1, 7)]
    [InlineData(ConnectivityPattern.ErdosRenyi, 0.3, 16)]
    [InlineData(ConnectivityPattern.FibonacciRotating, 0.2, 5)]
    public void Generic_ELL_agrees_with_generic_CSR_bit_for_bit(ConnectivityPattern pattern, double density, int batch)
    {
        var topology = SparseGen.Topology.Create(pattern, 57, 31, density, 3);
        ILayerKernel csr = new CsrLayerKernel(topology), ell = new EllLayerKernel(topology);
        float[] w = Reference.Random(topology.EdgeCount, 1), b = Reference.Random(31, 2), x = Reference.Random(57 * batch, 3), dz = Reference.Random(31 * batch, 4);
        float[][] Run(ILayerKernel k)
        {
            var z = new float[31 * batch];
            var dw = new float[topology.EdgeCount];
            var db = new float[31];
            var dx = new float[57 * batch];
            k.Forward(w, b, x, z, batch);
            k.Backward(w, x, dz, dw, db, dx, batch);
            return [z, dw, db, dx];
        }

        Assert.Equal(Run(csr), Run(ell));
        Assert.Equal(topology.Edges.Max(e => topology.FanIn(e.Output)), ((EllLayerKernel)ell).Width);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(37)]
    public void Dense_kernel_equals_the_dense_reference_for_any_batch(int batch)
    {
        const int nin = 23, nout = 13;
        var kernel = new DenseLayerKernel(nin, nout);
        float[] w = Reference.Random(nin * nout, 1), b = Reference.Random(nout, 2), x = Reference.Random(nin * batch, 3), dz = Reference.Random(nout * batch, 4);
        var z = new float[nout * batch];
        var dw = new float[nin * nout];
        var db = new float[nout];
        var dx = new float[nin * batch];
        kernel.Forward(w, b, x, z, batch);
        kernel.Backward(w, x, dz, dw, db, dx, batch);

        double[,] wm = Reference.MaskedWeights(kernel, w);
        double[] expected = Reference.Forward(wm, b, x, batch);
        Assert.All(Enumerable.Range(0, z.Length), k => Reference.Close(expected[k], z[k]));
        for (int i = 0; i < nin; i++)
        {
            for (int s = 0; s < batch; s++)
            {
                Reference.Close(Enumerable.Range(0, nout).Sum(j => wm[j, i] * dz[(j * batch) + s]), dx[(i * batch) + s]);
                for (int j = 0; j < nout; j++)
                {
                    Reference.Close(Enumerable.Range(0, batch).Sum(t => (double)dz[(j * batch) + t] * x[(i * batch) + t]), dw[(j * nin) + i]);
                }
            }
        }

        Assert.Equal(SparseGen.Topology.Create(ConnectivityPattern.Dense, nin, nout, 1.0, 0).Fingerprint, kernel.Fingerprint);
    }

    [Fact]
    public void A_generic_model_runs_a_users_own_edge_list()
    {
        var own = SparseGen.Topology.FromEdges(4, 3, [(0, 0), (3, 0), (1, 1), (2, 2), (3, 2)]);
        var model = new GenericSparseModel(4, [new LayerSpec("Mine", ConnectivityPattern.ErdosRenyi, 3, 5 / 12.0, 0, Activation.Softmax, Topology: own)], format: SparseFormat.Ell);

        Assert.Equal(own.Fingerprint, model.Layers[0].Fingerprint);
        var y = new float[3];
        model.Predict([1f, 2f, 3f, 4f], y);
        Reference.Close(1, y.Sum(), 1e-6, 1e-6);
        Assert.Throws<ArgumentException>(() => new GenericSparseModel(5, [new LayerSpec("Mine", ConnectivityPattern.ErdosRenyi, 3, 0.5, 0, Topology: own)]));
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
        Assert.Equal(7UL, model.Hidden.Seed);
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
        Assert.Equal((784, 64), (MnistSmall.HiddenKernel.InputCount, MnistSmall.HiddenKernel.UnitCount));
    }

    private static (ISparseLayer Layer, SparseGen.Topology Topology) Layer(string name)
    {
        string[] parts = name.Split('/');
        ISparseModel model = Models[parts[0]]();
        ISparseLayer layer = model.Layers[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)];
        var topology = SparseGen.Topology.Create(layer.Pattern, layer.Inputs, layer.Units, layer.Density, layer.Seed);
        return (layer, topology);
    }
}
