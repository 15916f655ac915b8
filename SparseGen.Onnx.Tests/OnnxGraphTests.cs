using global::Onnx;
using SparseGen;
using SparseGen.Networks;

namespace SparseGen.Onnx.Tests;

/// <summary>The exported graph's form, every activation through ONNX Runtime, and the exporter's errors.</summary>
public sealed class OnnxGraphTests
{
    /// <summary>13 -> 9 Sigmoid -> 7 Tanh -> 6 Relu -> 6 LeakyRelu (slope -0.6) -> 5 Linear -> 4 Softmax, sparse and dense layers.</summary>
    private static GenericSparseModel Small(Activation last = Activation.Softmax) => new(13,
    [
        new LayerSpec("A", ConnectivityPattern.Uniform, 9, 0.4, 1, Activation.Sigmoid),
        new LayerSpec("B", ConnectivityPattern.RandomRegular, 7, 0.5, 2, Activation.Tanh),
        new LayerSpec("C", ConnectivityPattern.Dense, 6, 1.0, 0, Activation.Relu),
        new LayerSpec("L", ConnectivityPattern.Dense, 6, 1.0, 0, Activation.LeakyRelu, NegativeSlope: -0.6),
        new LayerSpec("D", ConnectivityPattern.ErdosRenyi, 5, 0.6, 3, Activation.Linear),
        new LayerSpec("E", ConnectivityPattern.Dense, 4, 1.0, 0, last),
    ], initSeed: 9);

    private static Dataset RandomInputs(int count, int features)
    {
        var random = new Random(4);
        return new Dataset(Enumerable.Range(0, count * features).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray(), features, new int[count], 2);
    }

    [Fact]
    public void The_graph_has_the_documented_inputs_outputs_and_nodes()
    {
        ModelProto proto = OnnxExport.CreateModel(Small(), new OnnxExportOptions { Standardization = new InputStandardization(0.5f, 2f) });

        Assert.Equal(OnnxExport.IrVersion, proto.IrVersion);
        Assert.Equal(13, Assert.Single(proto.OpsetImport).Version);
        ValueInfoProto input = Assert.Single(proto.Graph.Input), output = Assert.Single(proto.Graph.Output);
        Assert.Equal(("input", "N", 13L), (input.Name, input.Type.TensorType.Shape.Dim[0].DimParam, input.Type.TensorType.Shape.Dim[1].DimValue));
        Assert.Equal(("output", "N", 4L), (output.Name, output.Type.TensorType.Shape.Dim[0].DimParam, output.Type.TensorType.Shape.Dim[1].DimValue));
        Assert.Equal(
            ["Sub", "Div", "MatMul", "Add", "Sigmoid", "MatMul", "Add", "Tanh", "MatMul", "Add", "Relu", "MatMul", "Add", "LeakyRelu", "MatMul", "Add", "MatMul", "Add", "Softmax"],
            proto.Graph.Node.Select(n => n.OpType));
        NodeProto softmax = proto.Graph.Node[^1];
        Assert.Equal((1L, "output"), (Assert.Single(softmax.Attribute, a => a.Name == "axis").I, Assert.Single(softmax.Output)));
        Assert.Equal(-0.6f, Assert.Single(proto.Graph.Node[13].Attribute, a => a.Name == "alpha").F);
        // The linear layer D has no activation node: its Add writes D.output, which E's MatMul reads.
        Assert.Equal(("Add", "D.output", "D.output"), (proto.Graph.Node[15].OpType, proto.Graph.Node[15].Output[0], proto.Graph.Node[16].Input[0]));
    }

    [Fact]
    public void Dense_initializers_hold_each_weight_at_its_edge_and_zeros_elsewhere()
    {
        GenericSparseModel model = Small();
        ModelProto proto = OnnxExport.CreateModel(model);
        foreach (ISparseLayer layer in model.Layers)
        {
            TensorProto tensor = Assert.Single(proto.Graph.Initializer, t => t.Name == $"{layer.Name}.weight");
            Assert.Equal([layer.Inputs, (long)layer.Units], tensor.Dims);
            float[] dense = new float[layer.Inputs * layer.Units];
            tensor.RawData.Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(dense.AsSpan()));
            var inputs = new int[layer.EdgeCount];
            var outputs = new int[layer.EdgeCount];
            layer.Kernel.GetWeightEdges(inputs, outputs);
            for (int e = 0; e < layer.EdgeCount; e++)
            {
                Assert.Equal(layer.Weights.Values[e], dense[(inputs[e] * layer.Units) + outputs[e]]);
                dense[(inputs[e] * layer.Units) + outputs[e]] = 0;
            }

            Assert.All(dense, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Every_activation_runs_in_OnnxRuntime_as_in_Predict()
    {
        GenericSparseModel model = Small();
        Dataset data = RandomInputs(50, 13);
        var random = new Random(7);
        foreach (ISparseLayer layer in model.Layers)
        {
            // Non-zero biases, so a missing or misplaced Add would show.
            for (int j = 0; j < layer.Units; j++)
            {
                layer.Bias.Values[j] = (float)(random.NextDouble() - 0.5);
            }
        }

        float[][] expected = Ort.Predict(model, data);
        Assert.InRange(Ort.MaxDifference(Ort.Run(Ort.Export(model), data), expected), 0, 1e-5);
        Assert.True(Ort.MaxDifference(Ort.Run(Ort.Export(model, new OnnxExportOptions { Standardization = new InputStandardization(0.5f, 2f) }), data), expected) > 1e-3);
    }

    [Fact]
    public void A_linear_last_layer_writes_its_Add_to_the_output()
    {
        GenericSparseModel model = Small(Activation.Linear);
        ModelProto proto = OnnxExport.CreateModel(model);
        Assert.Equal(("Add", "output"), (proto.Graph.Node[^1].OpType, proto.Graph.Node[^1].Output[0]));
        Dataset data = RandomInputs(20, 13);
        Assert.InRange(Ort.MaxDifference(Ort.Run(Ort.Export(model), data), Ort.Predict(model, data)), 0, 1e-5);
    }

    [Fact]
    public void An_activation_without_an_ONNX_operator_is_refused_by_name()
    {
        var model = new RelabelledModel(Small(), (Activation)42);
        var e = Assert.Throws<NotSupportedException>(() => OnnxExport.CreateModel(model));
        Assert.Contains("'E'", e.Message, StringComparison.Ordinal);
        Assert.Contains("42", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, 0f)]
    [InlineData(0f, -1f)]
    [InlineData(0f, float.PositiveInfinity)]
    public void A_bad_standardisation_is_refused(float mean, float std) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxExport.CreateModel(Small(), new OnnxExportOptions { Standardization = new InputStandardization(mean, std) }));

    [Fact]
    public void Save_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        string folder = Directory.CreateTempSubdirectory("sparsegen-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "old");
            OnnxExport.Save(Small(), path);
            Assert.Equal(Ort.Export(Small()), File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(folder));

            string missing = Path.Combine(folder, "no-such-folder", "model.onnx");
            var e = Assert.Throws<IOException>(() => OnnxExport.Save(Small(), missing));
            Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A model whose last layer reports another activation, as a future activation would.</summary>
    private sealed class RelabelledModel(ISparseModel inner, Activation activation) : ISparseModel
    {
        public SparseNetwork Network => inner.Network;

        public int InputCount => inner.InputCount;

        public int OutputCount => inner.OutputCount;

        public IReadOnlyList<ISparseLayer> Layers => [.. inner.Layers.Take(inner.Layers.Count - 1), new RelabelledLayer(inner.Layers[^1], activation)];

        public void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform) => inner.Initialize(seed, initializer);

        public void Predict(ReadOnlySpan<float> input, Span<float> output) => inner.Predict(input, output);

        public void Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize) => inner.Predict(input, output, batchSize);
    }

    private sealed class RelabelledLayer(ISparseLayer inner, Activation activation) : ISparseLayer
    {
        public string Name => inner.Name;

        public int Inputs => inner.Inputs;

        public int Units => inner.Units;

        public ConnectivityPattern Pattern => inner.Pattern;

        public double Density => inner.Density;

        public ulong Seed => inner.Seed;

        public Activation Activation => activation;

        public double Dropout => inner.Dropout;

        public double NegativeSlope => inner.NegativeSlope;

        public int EdgeCount => inner.EdgeCount;

        public ulong Fingerprint => inner.Fingerprint;

        public Parameter Weights => inner.Weights;

        public Parameter Bias => inner.Bias;

        public SparseGen.Kernels.ILayerKernel Kernel => inner.Kernel;
    }
}
