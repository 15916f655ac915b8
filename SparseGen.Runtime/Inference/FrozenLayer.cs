using System;

namespace SparseGen.Inference;

/// <summary>One layer of a <see cref="FrozenModel"/>: <c>z = b + sum over non-zero inputs i of x_i W[:, i]</c>, stored by input column.</summary>
internal abstract class FrozenLayer
{
    protected FrozenLayer(ISparseLayer layer, bool dense)
    {
        Units = layer.Units;
        Activation = layer.Activation;
        NegativeSlope = (float)layer.NegativeSlope;
        Info = new FrozenLayerInfo(layer.Name, layer.Inputs, layer.Units, layer.EdgeCount, dense);
    }

    public int Units { get; }

    public Activation Activation { get; }

    public float NegativeSlope { get; }

    public FrozenLayerInfo Info { get; }

    /// <summary>
    /// Copies <paramref name="layer"/> into the by-input layout. With <paramref name="offsets"/> and
    /// <paramref name="scales"/> (one per input), folds the standardisation <c>x' = (x - offset) / scale</c> in:
    /// <c>W'[j, i] = W[j, i] / scale_i</c> and <c>b'_j = b_j - sum_i W[j, i] offset_i / scale_i</c>, summed in double.
    /// </summary>
    public static FrozenLayer Create(ISparseLayer layer, double[]? offsets, double[]? scales)
    {
        int edges = layer.EdgeCount;
        var inputs = new int[edges];
        var outputs = new int[edges];
        layer.Kernel.GetWeightEdges(inputs, outputs);
        ReadOnlySpan<float> w = layer.Weights.Values;
        var weights = new float[edges];
        var bias = new double[layer.Units];
        for (int j = 0; j < bias.Length; j++)
        {
            bias[j] = layer.Bias.Values[j];
        }

        for (int e = 0; e < edges; e++)
        {
            double scale = scales?[inputs[e]] ?? 1;
            weights[e] = (float)(w[e] / scale);
            if (offsets is not null)
            {
                bias[outputs[e]] -= w[e] * offsets[inputs[e]] / scale;
            }
        }

        float[] folded = Array.ConvertAll(bias, b => (float)b);
        return (long)layer.Inputs * layer.Units == edges
            ? new DenseColumns(layer, inputs, outputs, weights, folded)
            : new SparseColumns(layer, inputs, outputs, weights, folded);
    }

    /// <summary>
    /// Writes the pre-activations to the first <see cref="Units"/> values of <paramref name="z"/> from the non-zero
    /// inputs: their indices (ascending) and values. <paramref name="z"/> has one more value, a scratch slot.
    /// </summary>
    public abstract void Forward(ReadOnlySpan<int> nonZero, ReadOnlySpan<float> values, Span<float> z);
}
