using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using Onnx;

namespace SparseGen.Onnx;

/// <summary>
/// Writes a SparseGen model (any <see cref="ISparseModel"/>: a generated model or a <see cref="GenericSparseModel"/>)
/// as an ONNX model that ONNX Runtime and other ONNX consumers run.
/// </summary>
/// <remarks>
/// <para>The graph (ONNX IR version 7, default-domain opset 13): input <c>input</c>, float
/// <c>[N, InputCount]</c> with <c>N</c> symbolic, batch-major (sample <c>n</c>'s feature <c>i</c> at
/// <c>n * InputCount + i</c>, unlike the runtime's feature-major batches); output <c>output</c>, float
/// <c>[N, OutputCount]</c>. With <see cref="OnnxExportOptions.Standardization"/>, a <c>Sub</c> and a <c>Div</c> by
/// scalar initializers (<c>standardization.mean</c>, <c>standardization.std</c>) come first. Each layer <c>L</c> is then
/// <c>MatMul</c> by the initializer <c>L.weight</c>, float <c>[Inputs, Units]</c> row-major (element <c>(i, j)</c> the
/// weight of the edge from input <c>i</c> to unit <c>j</c>, zero where the topology has no edge), <c>Add</c> of
/// <c>L.bias</c>, float <c>[Units]</c>, and the activation: none for <see cref="Activation.Linear"/>, <c>Relu</c>,
/// <c>Sigmoid</c>, <c>Tanh</c>, <c>Softmax</c> with <c>axis = 1</c>, or <c>LeakyRelu</c> with <c>alpha</c> the layer's
/// <see cref="ISparseLayer.NegativeSlope"/> (written always: ONNX's default is 0.01).</para>
/// <para>The weights are read through <see cref="SparseGen.Kernels.ILayerKernel.GetWeightEdges"/>, so every kernel's weight
/// order (the <c>IndexFree</c> strategy's shift-major one included) lands in the right place. Dropout is a training
/// operation and is not written.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The default-domain opset the graph imports.</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version of the model (7, the first with opset 13).</summary>
    public const long IrVersion = 7;

    /// <summary>The name of the graph's input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output.</summary>
    public const string OutputName = "output";

    /// <summary>Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/> through a temporary file in the same folder, renamed when complete.</summary>
    /// <param name="model">The model; its current weights and biases are written.</param>
    /// <param name="path">The file to write; an existing file is replaced only when the write completes.</param>
    /// <param name="options">How to write it; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the model's layers do not chain (see <see cref="CreateModel"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The standardisation's mean or std is out of range (see <see cref="InputStandardization"/>).</exception>
    /// <exception cref="NotSupportedException">A layer's activation has no ONNX equivalent; the message names the layer and the activation.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    public static void Save(ISparseModel model, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelProto proto = CreateModel(model, options);
        SparseGen.IO.AtomicFile.Write(path, proto.WriteTo);
    }

    /// <summary>Writes <paramref name="model"/> as ONNX (the protobuf bytes of a <c>ModelProto</c>) to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">As for <see cref="CreateModel"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="CreateModel"/>.</exception>
    /// <exception cref="NotSupportedException">As for <see cref="CreateModel"/>.</exception>
    public static void Write(ISparseModel model, Stream stream, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CreateModel(model, options).WriteTo(stream);
    }

    /// <summary>Builds the ONNX <c>ModelProto</c> of <paramref name="model"/> (see <see cref="OnnxExport"/> for the graph), to inspect or extend before writing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">The model has no layer, a layer's inputs are not the previous layer's units (the first's not
    /// <see cref="ISparseModel.InputCount"/>), or a layer's weights are not one per edge.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The standardisation's mean is not finite, or its std not finite and above 0.</exception>
    /// <exception cref="NotSupportedException">A layer's activation has no ONNX equivalent; the message names the layer and the activation.</exception>
    public static ModelProto CreateModel(ISparseModel model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Standardization?.Validate();
        IReadOnlyList<ISparseLayer> layers = model.Layers;
        if (layers.Count == 0)
        {
            throw new ArgumentException("The model has no layer to export.", nameof(model));
        }

        var graph = new GraphProto { Name = options.GraphName };
        graph.Input.Add(OnnxTensors.BatchValue(InputName, model.InputCount));
        graph.Output.Add(OnnxTensors.BatchValue(OutputName, model.OutputCount));

        string x = InputName;
        if (options.Standardization is { } standardization)
        {
            graph.Initializer.Add(OnnxTensors.Scalar("standardization.mean", standardization.Mean));
            graph.Initializer.Add(OnnxTensors.Scalar("standardization.std", standardization.Std));
            graph.Node.Add(Node("Sub", "standardization/Sub", [x, "standardization.mean"], "standardization.centered"));
            graph.Node.Add(Node("Div", "standardization/Div", ["standardization.centered", "standardization.std"], "standardization.output"));
            x = "standardization.output";
        }

        int previous = model.InputCount;
        for (int l = 0; l < layers.Count; l++)
        {
            ISparseLayer layer = layers[l];
            CheckLayer(layer, previous);
            string name = layer.Name;
            string output = l == layers.Count - 1 ? OutputName : $"{name}.output";
            bool sparse = options.SparseInitializers && layer.EdgeCount < (long)layer.Inputs * layer.Units;
            if (sparse)
            {
                graph.SparseInitializer.Add(OnnxTensors.SparseWeights(layer));
            }
            else
            {
                graph.Initializer.Add(OnnxTensors.DenseWeights(layer));
            }

            graph.Initializer.Add(OnnxTensors.Vector($"{name}.bias", layer.Bias.Values));
            graph.Node.Add(Node("MatMul", $"{name}/MatMul", [x, $"{name}.weight"], $"{name}.matmul"));
            string preactivation = layer.Activation == Activation.Linear ? output : $"{name}.preactivation";
            graph.Node.Add(Node("Add", $"{name}/Add", [$"{name}.matmul", $"{name}.bias"], preactivation));
            if (layer.Activation != Activation.Linear)
            {
                graph.Node.Add(ActivationNode(layer, preactivation, output));
            }

            x = output;
            previous = layer.Units;
        }

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SparseGen",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return proto;
    }

    /// <summary>The ONNX operator of <paramref name="activation"/>, or null for <see cref="Activation.Linear"/>.</summary>
    /// <exception cref="NotSupportedException">The activation has no ONNX equivalent here.</exception>
    public static string? OperatorOf(Activation activation) => activation switch
    {
        Activation.Linear => null,
        Activation.Relu => "Relu",
        Activation.Sigmoid => "Sigmoid",
        Activation.Tanh => "Tanh",
        Activation.Softmax => "Softmax",
        Activation.LeakyRelu => "LeakyRelu",
        _ => throw new NotSupportedException($"Activation {activation} has no ONNX equivalent in SparseGen's exporter."),
    };

    private static NodeProto ActivationNode(ISparseLayer layer, string input, string output)
    {
        string op;
        try
        {
            op = OperatorOf(layer.Activation)!;
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"Layer '{layer.Name}': {e.Message}", e);
        }

        NodeProto node = Node(op, $"{layer.Name}/{op}", [input], output);
        if (layer.Activation == Activation.Softmax)
        {
            // Per sample, over the units: axis 1 of [N, Units] (opset 13's default, -1, is the same axis; written for readers).
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        }
        else if (layer.Activation == Activation.LeakyRelu)
        {
            node.Attribute.Add(new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = (float)layer.NegativeSlope });
        }

        return node;
    }

    private static void CheckLayer(ISparseLayer layer, int previous)
    {
        if (layer.Inputs != previous)
        {
            throw new ArgumentException($"Layer '{layer.Name}' has {layer.Inputs} inputs, but {previous} values arrive from before it.", "model");
        }

        if (layer.Weights.Length != layer.EdgeCount || layer.Bias.Length != layer.Units)
        {
            throw new ArgumentException($"Layer '{layer.Name}' has {layer.Weights.Length} weights and {layer.Bias.Length} biases for {layer.EdgeCount} edges and {layer.Units} units.", "model");
        }
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }
}
