using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Core;

namespace SparseGen.Networks;

/// <summary>
/// A stack of <see cref="SparseLayer"/>s: inference, and the forward and backward passes of training.
/// Generated models and <see cref="GenericSparseModel"/> both run on it.
/// </summary>
/// <remarks>
/// Batches are feature-major, <c>[features, batch]</c>. <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>
/// is thread-safe and, once the shared array pool is warm, allocation-free; <see cref="Forward"/> and
/// <see cref="Backward"/> keep the activations of one training batch and must not run concurrently.
/// </remarks>
public sealed class SparseNetwork
{
    private readonly SparseLayer[] _layers;
    private int _maxUnits;
    private float[][] _activations = [];
    private float[][] _outputs = [];
    private float[][] _masks = [];
    private float[][] _dropped = [];
    private float[][] _gradients = [];
    private float[] _input = [];
    private int _trainingBatch;

    /// <summary>Creates a network whose first layer takes <paramref name="inputs"/> features.</summary>
    /// <exception cref="ArgumentException">There is no layer, or a layer's input count is not the previous layer's unit count.</exception>
    public SparseNetwork(int inputs, IReadOnlyList<SparseLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        }

        int expected = inputs;
        foreach (SparseLayer layer in layers)
        {
            if (layer.Inputs != expected)
            {
                throw new ArgumentException($"Layer '{layer.Name}' takes {layer.Inputs} inputs, but {expected} arrive from the layer before it.", nameof(layers));
            }

            expected = layer.Units;
        }

        _layers = layers.ToArray();
        _maxUnits = Math.Max(inputs, _layers.Max(l => l.Units));
        InputCount = inputs;
        Parameters = _layers.SelectMany(l => new[] { l.Weights, l.Bias }).ToArray();
    }

    /// <summary>Number of input features.</summary>
    public int InputCount { get; }

    /// <summary>Number of outputs of the last layer.</summary>
    public int OutputCount => _layers[^1].Units;

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ISparseLayer> Layers => _layers;

    /// <summary>Every trainable parameter: each layer's weights, then its biases.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Total number of trainable values (edges plus biases).</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Length);

    /// <summary>
    /// Changes the topologies of layers during training (adaptive sparse connectivity): <paramref name="changes"/>
    /// holds one entry per layer, null for a layer that stays as it is. Each changed layer's kernel rebuilds its tables
    /// in place, its weights become <see cref="LayerRewiring.Weights"/> and its biases follow
    /// <see cref="LayerRewiring.UnitSource"/>; the layer is then <see cref="SparseLayer.TopologyLearned"/>. Everything is
    /// checked before anything changes. Optimizer state is the caller's to move (<c>OptimizerState.Remap</c>), and a
    /// training backend must be told (<c>ITrainingBackend.UploadTopology</c>). Must not run during a pass.
    /// </summary>
    /// <exception cref="ArgumentException">The list does not have one entry per layer; a changed layer's kernel cannot
    /// change its topology (generated kernels have theirs compiled in) or cannot hold the new one; a change's arrays do
    /// not match its topology or index outside the old layer; or the layers' sizes would no longer chain from
    /// <see cref="InputCount"/> to <see cref="OutputCount"/>.</exception>
    public void Rewire(IReadOnlyList<LayerRewiring?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count != _layers.Length)
        {
            throw new ArgumentException($"Rewire needs one entry per layer ({_layers.Length}), null for a layer that stays; it was given {changes.Count}.", nameof(changes));
        }

        int inputs = InputCount;
        for (int l = 0; l < _layers.Length; l++)
        {
            SparseLayer layer = _layers[l];
            LayerRewiring? change = changes[l];
            Topology? topology = change?.Topology;
            if (change is not null)
            {
                CheckRewiring(layer, change);
            }

            int layerInputs = topology?.Inputs ?? layer.Inputs, units = topology?.Units ?? layer.Units;
            if (layerInputs != inputs)
            {
                throw new ArgumentException($"After rewiring, layer '{layer.Name}' would take {layerInputs} inputs, but {inputs} would arrive from before it.", nameof(changes));
            }

            inputs = units;
        }

        if (inputs != OutputCount)
        {
            throw new ArgumentException($"After rewiring the network would give {inputs} outputs instead of {OutputCount}; the output layer's units cannot change.", nameof(changes));
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            if (changes[l] is { } change)
            {
                _layers[l].Rewire(change);
            }
        }

        _maxUnits = Math.Max(InputCount, _layers.Max(l => l.Units));
        _trainingBatch = 0;
    }

    private static void CheckRewiring(SparseLayer layer, LayerRewiring change)
    {
        ArgumentNullException.ThrowIfNull(change.Topology);
        ArgumentNullException.ThrowIfNull(change.WeightSource);
        ArgumentNullException.ThrowIfNull(change.Weights);
        if (layer.Kernel is not IRewirableKernel)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs {layer.Kernel.GetType().Name}, whose topology is fixed (generated kernels compile it in); build the model as a GenericSparseModel to change topologies during training.");
        }

        Topology topology = change.Topology;
        if (layer.Kernel is DenseLayerKernel && topology.EdgeCount != (long)topology.Inputs * topology.Units)
        {
            throw new ArgumentException($"Layer '{layer.Name}' runs a dense kernel, which holds every edge, but its new {topology.Inputs} x {topology.Units} topology has {topology.EdgeCount}.");
        }

        Checks.Length($"{layer.Name}: {nameof(change.WeightSource)}", change.WeightSource.Length, topology.EdgeCount);
        Checks.Length($"{layer.Name}: {nameof(change.Weights)}", change.Weights.Length, topology.EdgeCount);
        foreach (int source in change.WeightSource)
        {
            if (source < -1 || source >= layer.EdgeCount)
            {
                throw new ArgumentException($"Layer '{layer.Name}': weight source {source} is neither -1 (a new edge) nor an index of its {layer.EdgeCount} weights.");
            }
        }

        if (change.UnitSource is null)
        {
            if (topology.Units != layer.Units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': the new topology has {topology.Units} units instead of {layer.Units}, so the change needs a UnitSource saying which units stay.");
            }

            return;
        }

        Checks.Length($"{layer.Name}: {nameof(change.UnitSource)}", change.UnitSource.Length, topology.Units);
        foreach (int source in change.UnitSource)
        {
            if ((uint)source >= (uint)layer.Units)
            {
                throw new ArgumentException($"Layer '{layer.Name}': unit source {source} is not one of its {layer.Units} units.");
            }
        }
    }

    /// <summary>
    /// Draws every weight with <paramref name="initializer"/> from each layer's real sparse degrees (fan-in
    /// <c>E / nout</c>, fan-out <c>E / nin</c>; see <see cref="WeightInitializer"/>) and zeroes every bias.
    /// The same seed gives the same weights on every machine.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initializer"/> is not a defined value.</exception>
    public void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform)
    {
        if (!Enum.IsDefined(initializer))
        {
            throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown weight initializer.");
        }

        var rng = new Xoshiro256StarStar(seed);
        foreach (SparseLayer layer in _layers)
        {
            float[] w = layer.Weights.Values;
            if (layer.EdgeCount > 0)
            {
                WeightLaw law = WeightLaw.Of(initializer, (double)layer.EdgeCount / layer.Units, (double)layer.EdgeCount / layer.Inputs);
                for (int e = 0; e < w.Length; e++)
                {
                    w[e] = law.Draw(rng);
                }
            }

            Array.Clear(layer.Bias.Values);
        }
    }

    /// <summary>Runs one sample: <paramref name="input"/> has <see cref="InputCount"/> values, <paramref name="output"/> receives <see cref="OutputCount"/>.</summary>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Predict(input, output, 1);

    /// <summary>
    /// Runs a batch without dropout: <paramref name="input"/> is <c>[InputCount, batchSize]</c> and
    /// <paramref name="output"/> receives <c>[OutputCount, batchSize]</c>, both feature-major.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one expected; the message gives both.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)InputCount * batchSize);
        Checks.Length(nameof(output), output.Length, (long)OutputCount * batchSize);
        int size = _maxUnits * batchSize;
        float[] ping = ArrayPool<float>.Shared.Rent(size);
        float[] pong = ArrayPool<float>.Shared.Rent(size);
        try
        {
            ReadOnlySpan<float> x = input;
            for (int l = 0; l < _layers.Length; l++)
            {
                SparseLayer layer = _layers[l];
                Span<float> z = (l % 2 == 0 ? ping : pong).AsSpan(0, layer.Units * batchSize);
                layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x, z, batchSize);
                Span<float> a = l == _layers.Length - 1 ? output : z;
                Activations.Forward(layer.Activation, z, a, layer.Units, batchSize);
                x = a;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ping);
            ArrayPool<float>.Shared.Return(pong);
        }
    }

    /// <summary>
    /// The training forward pass: runs <paramref name="input"/> (<c>[InputCount, batchSize]</c>) through every
    /// layer, applying inverted dropout drawn from <paramref name="dropout"/> when it is given, and keeps what
    /// <see cref="Backward"/> needs. Returns the last layer's activations, <c>[OutputCount, batchSize]</c>,
    /// valid until the next call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/>'s length is not <c>InputCount * batchSize</c>.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batchSize, Xoshiro256StarStar? dropout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Checks.Length(nameof(input), input.Length, (long)InputCount * batchSize);
        EnsureTrainingBuffers(batchSize);
        input.CopyTo(_input);
        ReadOnlySpan<float> x = _input;
        for (int l = 0; l < _layers.Length; l++)
        {
            SparseLayer layer = _layers[l];
            float[] a = _activations[l];
            layer.Kernel.Forward(layer.Weights.Values, layer.Bias.Values, x, a, batchSize);
            Activations.Forward(layer.Activation, a, a, layer.Units, batchSize);
            _outputs[l] = a;
            if (dropout is not null && layer.Dropout > 0)
            {
                ApplyDropout(dropout, layer.Dropout, a, _masks[l], _dropped[l]);
                _outputs[l] = _dropped[l];
            }

            x = _outputs[l];
        }

        return _outputs[^1];
    }

    /// <summary>
    /// The backward pass of the last <see cref="Forward"/>: from <paramref name="outputGradient"/>, the gradient of
    /// the loss with respect to the last layer's pre-activations <c>z</c> (<c>[OutputCount, batchSize]</c>), fills
    /// every <see cref="Parameter.Gradients"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batchSize</c>.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, int batchSize)
    {
        if (batchSize != _trainingBatch)
        {
            throw new InvalidOperationException($"Backward needs a Forward with the same batch size first (last forward batch: {_trainingBatch}, this call: {batchSize}).");
        }

        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)OutputCount * batchSize);
        outputGradient.CopyTo(_gradients[^1]);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            SparseLayer layer = _layers[l];
            ReadOnlySpan<float> x = l == 0 ? _input : _outputs[l - 1];
            Span<float> dx = l == 0 ? Span<float>.Empty : _gradients[l - 1];
            layer.Kernel.Backward(layer.Weights.Values, x, _gradients[l], layer.Weights.Gradients, layer.Bias.Gradients, dx, batchSize);
            if (l > 0)
            {
                SparseLayer previous = _layers[l - 1];
                if (_outputs[l - 1] != _activations[l - 1])
                {
                    TensorPrimitives.Multiply(dx, _masks[l - 1], dx);
                }

                Activations.Backward(previous.Activation, _activations[l - 1], dx, previous.Units, batchSize);
            }
        }
    }

    /// <summary>
    /// Inverted dropout (Srivastava et al. 2014): each output is zeroed with probability <paramref name="rate"/>
    /// (to 1/65536: each 64-bit draw decides four outputs by its 16-bit quarters), the rest scaled by
    /// <c>1 / (1 - rate)</c>; <paramref name="mask"/> keeps the factors for the backward pass.
    /// </summary>
    private static void ApplyDropout(Xoshiro256StarStar rng, double rate, ReadOnlySpan<float> a, Span<float> mask, Span<float> dropped)
    {
        float keep = Dropout.KeepScale(rate);
        uint threshold = (uint)Dropout.Threshold(rate);
        int k = 0;
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            // Sixteen outputs per four draws: the draws' 16-bit quarters, lowest first, are the same decisions the
            // scalar loop below takes, compared eight at a time without a branch.
            Span<ulong> draws = stackalloc ulong[4];
            Vector256<uint> limit = Vector256.Create(threshold);
            Vector256<float> scale = Vector256.Create(keep);
            for (; k + 16 <= a.Length; k += 16)
            {
                for (int d = 0; d < draws.Length; d++)
                {
                    draws[d] = rng.NextUInt64();
                }

                var (low, high) = Vector256.Widen(Vector256.Create<ushort>(MemoryMarshal.Cast<ulong, ushort>(draws)));
                Vector256<float> m0 = Vector256.ConditionalSelect(Vector256.LessThan(low, limit).AsSingle(), Vector256<float>.Zero, scale);
                Vector256<float> m1 = Vector256.ConditionalSelect(Vector256.LessThan(high, limit).AsSingle(), Vector256<float>.Zero, scale);
                m0.CopyTo(mask.Slice(k, 8));
                m1.CopyTo(mask.Slice(k + 8, 8));
                (Vector256.Create(a.Slice(k, 8)) * m0).CopyTo(dropped.Slice(k, 8));
                (Vector256.Create(a.Slice(k + 8, 8)) * m1).CopyTo(dropped.Slice(k + 8, 8));
            }
        }

        ulong bits = 0;
        for (; k < a.Length; k++)
        {
            if ((k & 3) == 0)
            {
                bits = rng.NextUInt64();
            }

            mask[k] = (uint)((bits >> (16 * (k & 3))) & 0xFFFF) < threshold ? 0f : keep;
            dropped[k] = a[k] * mask[k];
        }
    }

    private void EnsureTrainingBuffers(int batchSize)
    {
        if (batchSize == _trainingBatch)
        {
            return;
        }

        _input = new float[InputCount * batchSize];
        _activations = _layers.Select(l => new float[l.Units * batchSize]).ToArray();
        _outputs = new float[_layers.Length][];
        _masks = _layers.Select(l => l.Dropout > 0 ? new float[l.Units * batchSize] : []).ToArray();
        _dropped = _layers.Select(l => l.Dropout > 0 ? new float[l.Units * batchSize] : []).ToArray();
        _gradients = _layers.Select(l => new float[l.Units * batchSize]).ToArray();
        _trainingBatch = batchSize;
    }
}
