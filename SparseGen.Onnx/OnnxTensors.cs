using System;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace SparseGen.Onnx;

/// <summary>The tensors and value infos of an exported graph.</summary>
internal static class OnnxTensors
{
    /// <summary>A float <c>[N, features]</c> graph input or output, <c>N</c> symbolic.</summary>
    public static ValueInfoProto BatchValue(string name, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>A float scalar (shape <c>[]</c>).</summary>
    public static TensorProto Scalar(string name, float value) => Floats(name, [value], []);

    /// <summary>A float vector.</summary>
    public static TensorProto Vector(string name, float[] values) => Floats(name, values, [values.Length]);

    /// <summary>The layer's weights as a dense <c>[Inputs, Units]</c> row-major tensor named <c>L.weight</c>, zero off the topology.</summary>
    public static TensorProto DenseWeights(ISparseLayer layer)
    {
        var (inputs, outputs) = Edges(layer);
        float[] weights = layer.Weights.Values;
        var dense = new float[(long)layer.Inputs * layer.Units];
        for (int e = 0; e < weights.Length; e++)
        {
            dense[((long)inputs[e] * layer.Units) + outputs[e]] = weights[e];
        }

        return Floats($"{layer.Name}.weight", dense, [layer.Inputs, layer.Units]);
    }

    /// <summary>
    /// The layer's weights as a COO sparse tensor of dense shape <c>[Inputs, Units]</c>: values (named <c>L.weight</c>,
    /// the name nodes use) and int64 linearised indices <c>i * Units + j</c>, in ascending order as ONNX requires.
    /// </summary>
    public static SparseTensorProto SparseWeights(ISparseLayer layer)
    {
        var (inputs, outputs) = Edges(layer);
        float[] weights = layer.Weights.Values;
        var positions = new long[weights.Length];
        var values = new float[weights.Length];
        for (int e = 0; e < weights.Length; e++)
        {
            positions[e] = ((long)inputs[e] * layer.Units) + outputs[e];
            values[e] = weights[e];
        }

        Array.Sort(positions, values);
        var indices = new TensorProto { Name = $"{layer.Name}.weight.indices", DataType = (int)TensorProto.Types.DataType.Int64 };
        indices.Dims.Add(positions.Length);
        indices.Int64Data.AddRange(positions);
        var sparse = new SparseTensorProto { Values = Floats($"{layer.Name}.weight", values, [values.Length]), Indices = indices };
        sparse.Dims.Add(layer.Inputs);
        sparse.Dims.Add(layer.Units);
        return sparse;
    }

    private static (int[] Inputs, int[] Outputs) Edges(ISparseLayer layer)
    {
        var inputs = new int[layer.EdgeCount];
        var outputs = new int[layer.EdgeCount];
        layer.Kernel.GetWeightEdges(inputs, outputs);
        return (inputs, outputs);
    }

    private static TensorProto Floats(string name, float[] values, long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        if (BitConverter.IsLittleEndian)
        {
            // raw_data is little-endian by the standard: the floats' own bytes on this machine.
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            tensor.FloatData.Add(values);
        }

        return tensor;
    }
}
