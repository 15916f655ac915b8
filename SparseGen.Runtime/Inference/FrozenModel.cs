using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using SparseGen.Core;
using SparseGen.Inference;
using SparseGen.Kernels;

namespace SparseGen;

/// <summary>
/// A read-only copy of a trained model laid out for one-sample inference that uses both kinds of sparsity: each
/// layer is stored by input column, so an input that is zero costs nothing (raw MNIST pixels are about 80 % zeros,
/// ReLU outputs about half), and a sparse layer touches only its edges. The work per sample is therefore about
/// (weights) x (non-zero inputs) instead of (weights) x (inputs). The input standardisation
/// <c>x' = (x - offset) / scale</c> is folded into the first layer (weights divided by the scale, the offset moved
/// into the bias), so the model takes raw features and their zeros stay zeros.
/// </summary>
/// <remarks>
/// <para>
/// The copy is taken when <see cref="Create"/> runs: training the model afterwards does not change it (freeze
/// again). Results equal the model's own <see cref="ISparseModel.Predict(ReadOnlySpan{float}, Span{float})"/> on
/// standardised inputs up to float rounding (the sums run in another order and with the folded constants).
/// </para>
/// <para>
/// Techniques: evaluating by input column and skipping zero activations is the "activation sparsity" of
/// sparse x sparse products (Gustavson 1978, "Two fast algorithms for sparse matrices: multiplication and permuted
/// transposition", ACM TOMS 4(3), row-by-row SpGEMM; applied to inference by Kurtz et al. 2020, "Inducing and
/// exploiting activation sparsity for fast inference on deep neural networks", ICML); folding an affine input
/// normalisation into the next linear layer is the standard inference-time fold (as batch-normalisation folding,
/// Jacob et al. 2018, "Quantization and training of neural networks for efficient integer-arithmetic-only
/// inference", CVPR, section 3.2).
/// </para>
/// </remarks>
public sealed class FrozenModel
{
    // Buffers of up to this many floats (64 KiB) live on the stack; wider networks rent theirs from the shared pool.
    private const int StackFloats = 16 * 1024;

    private readonly FrozenLayer[] _layers;
    private readonly int _maxWidth;

    private FrozenModel(FrozenLayer[] layers, int inputCount)
    {
        _layers = layers;
        InputCount = inputCount;
        OutputCount = layers[^1].Units;
        Layers = Array.ConvertAll(layers, l => l.Info);
        int max = inputCount;
        foreach (FrozenLayer layer in layers)
        {
            max = Math.Max(max, layer.Units);
        }

        _maxWidth = max;
    }

    /// <summary>Number of raw input features.</summary>
    public int InputCount { get; }

    /// <summary>Number of outputs of the last layer.</summary>
    public int OutputCount { get; }

    /// <summary>The frozen layers in order: how each is stored (by-input sparse or dense), units and edges.</summary>
    public IReadOnlyList<FrozenLayerInfo> Layers { get; }

    /// <summary>
    /// Copies <paramref name="model"/>'s weights into the by-input layout, folding the input standardisation
    /// <c>x' = (x - inputOffsets) / inputScales</c> into the first layer.
    /// </summary>
    /// <param name="model">A trained model (generated or <see cref="GenericSparseModel"/>).</param>
    /// <param name="inputOffsets">Empty for none, one value for every feature, or one per feature (<see cref="ISparseModel.InputCount"/>): for example <see cref="FeatureScaler.Offsets"/> or a checkpoint's <c>preprocessing.mean</c>.</param>
    /// <param name="inputScales">Empty for none, one value, or one per feature, each finite and non-zero: <see cref="FeatureScaler.Scales"/> or <c>preprocessing.std</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException">A standardisation span has another length than 0, 1 or the input count, or a scale is zero or not finite, or an offset is not finite.</exception>
    public static FrozenModel Create(ISparseModel model, ReadOnlySpan<float> inputOffsets = default, ReadOnlySpan<float> inputScales = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        int inputs = model.InputCount;
        double[] offsets = Standardisation(nameof(inputOffsets), inputOffsets, inputs, 0, scale: false);
        double[] scales = Standardisation(nameof(inputScales), inputScales, inputs, 1, scale: true);
        IReadOnlyList<ISparseLayer> layers = model.Layers;
        var frozen = new FrozenLayer[layers.Count];
        for (int l = 0; l < frozen.Length; l++)
        {
            frozen[l] = l == 0 ? FrozenLayer.Create(layers[l], offsets, scales) : FrozenLayer.Create(layers[l], null, null);
        }

        return new FrozenModel(frozen, inputs);
    }

    /// <summary>Runs one raw (not standardised) sample. Thread-safe and allocation-free (buffers on the stack, or from the shared pool for layers of more than about 5,000 units).</summary>
    /// <param name="input">The <see cref="InputCount"/> raw features.</param>
    /// <param name="output">Receives the <see cref="OutputCount"/> outputs of the last layer (after its activation).</param>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(ReadOnlySpan<float> input, Span<float> output)
    {
        Checks.Length(nameof(input), input.Length, InputCount);
        Checks.Length(nameof(output), output.Length, OutputCount);
        // Per layer: its non-zero inputs (indices and values, with the slack the gather may overrun into) and its
        // pre-activations plus one scratch slot that padded sparse layers add their zero-weight edges to.
        int width = _maxWidth;
        int gathered = width + ActiveInputs.Slack;
        int floats = gathered + (2 * (width + 1));
        float[]? rented = floats > StackFloats ? ArrayPool<float>.Shared.Rent(floats) : null;
        int[]? rentedIndices = floats > StackFloats ? ArrayPool<int>.Shared.Rent(gathered) : null;
        try
        {
            Span<float> buffer = rented ?? stackalloc float[floats];
            Span<int> nonZero = rentedIndices ?? stackalloc int[gathered];
            Span<float> values = buffer.Slice(0, gathered);
            Span<float> ping = buffer.Slice(gathered, width + 1);
            Span<float> pong = buffer.Slice(gathered + width + 1, width + 1);
            scoped ReadOnlySpan<float> x = input;
            for (int l = 0; l < _layers.Length; l++)
            {
                FrozenLayer layer = _layers[l];
                int count = ActiveInputs.Gather(x, nonZero, values);
                Span<float> z = (l % 2 == 0 ? ping : pong).Slice(0, layer.Units + 1);
                layer.Forward(nonZero.Slice(0, count), values.Slice(0, count), z);
                z = z.Slice(0, layer.Units);
                Activations.Forward(layer.Activation, z, z, layer.Units, 1, layer.NegativeSlope);
                x = z;
            }

            x.CopyTo(output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
                ArrayPool<int>.Shared.Return(rentedIndices!);
            }
        }
    }

    private static double[] Standardisation(string name, ReadOnlySpan<float> values, int inputs, double none, bool scale)
    {
        if (values.Length != 0 && values.Length != 1 && values.Length != inputs)
        {
            throw new ArgumentException($"'{name}' has {values.Length} values; give none, one for every feature, or one per feature ({inputs}).", name);
        }

        var result = new double[inputs];
        for (int i = 0; i < inputs; i++)
        {
            double v = values.Length == 0 ? none : values[values.Length == 1 ? 0 : i];
            if (!double.IsFinite(v) || (scale && v == 0))
            {
                throw new ArgumentException($"'{name}'[{(values.Length == 1 ? 0 : i)}] is {v}; it must be finite{(scale ? " and non-zero" : "")}.", name);
            }

            result[i] = v;
        }

        return result;
    }
}
