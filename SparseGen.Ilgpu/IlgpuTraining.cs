using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using SparseGen.Backends;
using SparseGen.Core;
using SparseGen.Core.Random;
using SparseGen.Ilgpu.Kernels;
using SparseGen.Kernels.Elementwise;
using SparseGen.Networks;

namespace SparseGen.Ilgpu;

/// <summary>
/// A <see cref="SparseNetwork"/>'s training on an ILGPU accelerator: parameters, gradients and optimizer state stay
/// in device memory between batches and epochs; a batch goes in, the last layer's activations come out for the
/// loss, and the loss gradient goes back in. <see cref="IlgpuBackend.Open"/> creates it.
/// </summary>
/// <remarks>
/// Each layer runs its <see cref="LayerProgram"/> (generated and specialised when the layer implements
/// <see cref="IIlgpuLayer"/>, else the generic kernels); activations, dropout and the optimizer step are the
/// element-wise formulas the CPU backend runs (SparseGen.Kernels.Elementwise). Activations are feature-major,
/// <c>[features, batch]</c>, as on the host. Dropout keys are drawn as on the CPU, so the same seed gives the same
/// masks. Not thread-safe.
/// </remarks>
public sealed class IlgpuTraining : ITrainingBackend
{
    /// <summary>
    /// The batch from which a group per weight slot sums the weight gradient instead of one work-item per slot. Where
    /// the slots alone fill the device (thousands of them), one work-item per slot wins until the batch loop is long.
    /// </summary>
    internal const int ReduceFromBatch = 4096;

    private readonly Accelerator _accelerator;
    private readonly IlgpuLayer[] _layers;
    private readonly ulong[] _layerKeys;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _nonFinite;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Activation, float> _activate;
    private readonly Action<Index1D, ArrayView<float>, int, int> _softmax;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ulong, int, float> _dropout;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, Activation, float, ulong, int, float> _activationBackward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> _softmaxBackward;
    private Buffer? _input;
    private float[] _output = [];
    private int _capacity;
    private int _batch;
    private bool _dropoutOn;
    private OptimizerState? _state;
    private int _slotCount;
    private bool _disposed;

    internal IlgpuTraining(IlgpuBackend backend, SparseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Backend = backend;
        Network = network;
        _accelerator = backend.Accelerator;
        _activate = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Activation, float>(ElementKernels.Activate);
        _softmax = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, int>(ElementKernels.Softmax);
        _dropout = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ulong, int, float>(ElementKernels.Dropout);
        _activationBackward = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, Activation, float, ulong, int, float>(ElementKernels.ActivationBackward);
        _softmaxBackward = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(ElementKernels.SoftmaxBackward);
        _layers = BuildLayers();
        _layerKeys = new ulong[_layers.Length];
        _nonFinite = _accelerator.Allocate1D<int>(1);
        UploadParameters();
    }

    /// <summary>The backend this network trains on.</summary>
    public IlgpuBackend Backend { get; }

    /// <inheritdoc />
    public SparseNetwork Network { get; }

    /// <inheritdoc />
    public void UploadParameters()
    {
        foreach (IlgpuLayer layer in _layers)
        {
            layer.UploadWeights(layer.Weights, layer.Layer.Weights.Values);
            layer.Bias.View.CopyFromCPU(layer.Layer.Bias.Values);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Each layer's tables are rebuilt and uploaded (its kernels, compiled per topology type, are reused), its buffers
    /// sized anew, and the parameters and the host's optimizer slots uploaded. When an allocation fails, the network
    /// keeps its old layers.
    /// </remarks>
    public void UploadTopology()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IlgpuLayer[] rebuilt = BuildLayers();
        try
        {
            foreach (IlgpuLayer layer in rebuilt)
            {
                if (_capacity > 0)
                {
                    layer.AllocateBatch(_capacity);
                }

                if (_state is not null)
                {
                    layer.AllocateSlots(_state, _slotCount);
                }
            }
        }
        catch
        {
            // The network keeps its old layers.
            foreach (IlgpuLayer layer in rebuilt)
            {
                layer.Dispose();
            }

            throw;
        }

        for (int l = 0; l < rebuilt.Length; l++)
        {
            _layers[l].Dispose();
            _layers[l] = rebuilt[l];
        }

        UploadParameters();
    }

    /// <inheritdoc />
    public void DownloadParameters()
    {
        foreach (IlgpuLayer layer in _layers)
        {
            layer.DownloadWeights(layer.Weights, layer.Layer.Weights.Values);
            layer.Bias.View.CopyToCPU(layer.Layer.Bias.Values);
            if (_state is not null)
            {
                layer.DownloadSlots(_state);
            }
        }
    }

    /// <summary>Copies the gradients of the last <see cref="Backward"/> into <see cref="Parameter.Gradients"/>.</summary>
    public void DownloadGradients()
    {
        foreach (IlgpuLayer layer in _layers)
        {
            layer.DownloadWeights(layer.WeightGradients, layer.Layer.Weights.Gradients);
            layer.BiasGradients.View.CopyToCPU(layer.Layer.Bias.Gradients);
        }
    }

    /// <inheritdoc />
    /// <remarks>When a layer has dropout, the batch's key is the next draw of <paramref name="dropout"/> and each layer's key the next of a SplitMix64 seeded with it, as on the CPU.</remarks>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, Xoshiro256StarStar? dropout)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Checks.Length(nameof(input), input.Length, (long)Network.InputCount * batch);
        EnsureCapacity(batch);
        ((ArrayView<float>)_input!.View).SubView(0, input.Length).CopyFromCPU(input);
        _batch = batch;
        _dropoutOn = dropout is not null && _layers.Any(l => l.Layer.Dropout > 0);
        ulong batchKey = _dropoutOn ? dropout!.NextUInt64() : 0;
        ArrayView<float> x = _input.View;
        for (int l = 0; l < _layers.Length; l++)
        {
            IlgpuLayer layer = _layers[l];
            ISparseLayer spec = layer.Layer;
            int n = spec.Units * batch;
            ArrayView<float> a = layer.Activations.View;
            layer.Program.Forward(layer.Weights.View, layer.Bias.View, x, layer.PreActivations.View, batch);
            if (spec.Activation == Activation.Softmax)
            {
                _softmax(batch, a, spec.Units, batch);
            }
            else if (spec.Activation != Activation.Linear)
            {
                _activate(n, layer.PreActivations.View, a, spec.Activation, (float)spec.NegativeSlope);
            }

            _layerKeys[l] = DropoutMath.LayerKey(batchKey, l);
            if (_dropoutOn && spec.Dropout > 0)
            {
                _dropout(n, a, layer.Output.View, _layerKeys[l], DropoutMath.Threshold(spec.Dropout), DropoutMath.KeepScale(spec.Dropout));
            }

            x = OutputOf(layer).View;
        }

        Span<float> output = _output.AsSpan(0, Network.OutputCount * batch);
        x.SubView(0, output.Length).CopyToCPU(output);
        return output;
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        Checks.Length(nameof(output), output.Length, (long)Network.OutputCount * batch);
        Forward(input, batch, null).CopyTo(output);
    }

    /// <inheritdoc />
    /// <remarks>The parameter gradients stay on the device (<see cref="DownloadGradients"/> copies them out).</remarks>
    public void Backward(ReadOnlySpan<float> outputGradient, int batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batch != _batch)
        {
            throw new InvalidOperationException($"Backward needs a Forward with the same batch size first (last forward batch: {_batch}, this call: {batch}).");
        }

        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)Network.OutputCount * batch);
        ((ArrayView<float>)_layers[^1].Gradient.View).SubView(0, outputGradient.Length).CopyFromCPU(outputGradient);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            IlgpuLayer layer = _layers[l];
            ArrayView<float> x = l == 0 ? _input!.View : OutputOf(_layers[l - 1]).View;
            layer.Program.WeightGradient(x, layer.Gradient.View, layer.WeightGradients.View, batch, batch >= ReduceFromBatch);
            LayerBias(layer, batch);
            if (l == 0)
            {
                continue;
            }

            IlgpuLayer previous = _layers[l - 1];
            ISparseLayer before = previous.Layer;
            layer.Program.BackwardInput(layer.Weights.View, layer.Gradient.View, previous.Gradient.View, batch);
            int n = before.Units * batch;
            bool dropped = _dropoutOn && before.Dropout > 0;
            Activation derivative = before.Activation == Activation.Softmax ? Activation.Linear : before.Activation;
            _activationBackward(n, previous.Gradient.View, previous.DerivativeInput.View, derivative, (float)before.NegativeSlope, _layerKeys[l - 1],
                dropped ? DropoutMath.Threshold(before.Dropout) : 0, dropped ? DropoutMath.KeepScale(before.Dropout) : 1f);
            if (before.Activation == Activation.Softmax)
            {
                _softmaxBackward(batch, previous.Gradient.View, previous.Activations.View, before.Units, batch);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A different optimizer state was stepped on this network before.</exception>
    public bool Step(ParameterUpdate update, OptimizerState state, double weightDecay, out string nonFinite)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state is not null && _state != state)
        {
            throw new InvalidOperationException("This network keeps the state of another optimizer on the device; open the network again for a new optimizer.");
        }

        if (update.SlotCount > state.SlotNames.Count)
        {
            throw new ArgumentException($"The update needs {update.SlotCount} optimizer slots; the state has {state.SlotNames.Count}.", nameof(state));
        }

        if (_state is null)
        {
            foreach (IlgpuLayer layer in _layers)
            {
                layer.AllocateSlots(state, update.SlotCount);
            }

            _state = state;
            _slotCount = update.SlotCount;
        }

        _nonFinite.MemSetToZero();
        foreach (IlgpuLayer layer in _layers)
        {
            layer.LastWeights.CopyFrom(layer.Weights);
            layer.LastBias.CopyFrom(layer.Bias);
            Update(update, layer.Weights, layer.WeightGradients, layer.WeightSlots, (float)weightDecay);
            Update(update, layer.Bias, layer.BiasGradients, layer.BiasSlots, 0f);
        }

        if (_nonFinite.GetAsArray1D()[0] == 0)
        {
            nonFinite = "";
            return true;
        }

        foreach (IlgpuLayer layer in _layers)
        {
            layer.Weights.CopyFrom(layer.LastWeights);
            layer.Bias.CopyFrom(layer.LastBias);
        }

        nonFinite = "a parameter";
        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (IlgpuLayer layer in _layers)
        {
            layer.Dispose();
        }

        _nonFinite.Dispose();
        _input?.Dispose();
    }

    private IlgpuLayer[] BuildLayers()
    {
        var layers = new IlgpuLayer[Network.Layers.Count];
        try
        {
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new IlgpuLayer(Backend, Network.Layers[l]);
            }

            return layers;
        }
        catch
        {
            foreach (IlgpuLayer? layer in layers)
            {
                layer?.Dispose();
            }

            throw;
        }
    }

    private void LayerBias(IlgpuLayer layer, int batch) =>
        Backend.Loader.BiasGradient(layer.Layer.Units, layer.Gradient.View, layer.BiasGradients.View, batch);

    private void Update(ParameterUpdate update, Buffer values, Buffer gradients, Buffer[] slots, float decay)
    {
        int n = (int)values.Length;
        if (n == 0)
        {
            return;
        }

        ArrayView<float> first = slots.Length > 0 ? slots[0].View : values.View, second = slots.Length > 1 ? slots[1].View : values.View;
        KernelLoader loader = Backend.Loader;
        switch (update)
        {
            case SgdUpdate u:
                loader.Update(n, new SgdRule(u.LearningRate), values.View, gradients.View, first, second, slots.Length, decay, _nonFinite.View);
                break;
            case MomentumUpdate u:
                loader.Update(n, new MomentumRule(u.LearningRate, u.Momentum, u.Nesterov), values.View, gradients.View, first, second, slots.Length, decay, _nonFinite.View);
                break;
            case MomentUpdate u:
                loader.Update(n, new MomentRule(u.LearningRate, u.Beta1, u.Beta2, u.Epsilon, u.GradientScale, u.MomentScale, u.VarianceScale), values.View, gradients.View, first, second, slots.Length, decay, _nonFinite.View);
                break;
            default:
                throw new NotSupportedException($"The ILGPU backend has no form of {update.GetType().Name}; train with Sgd, Adam or Nadam, or on the CPU.");
        }
    }

    /// <summary>What the layer passed on in the last forward pass: its activations, after dropout when it was applied.</summary>
    private Buffer OutputOf(IlgpuLayer layer) => _dropoutOn && layer.Layer.Dropout > 0 ? layer.Output : layer.Activations;

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
        {
            return;
        }

        _input?.Dispose();
        _input = _accelerator.Allocate1D<float>(Network.InputCount * batch);
        foreach (IlgpuLayer layer in _layers)
        {
            layer.AllocateBatch(batch);
        }

        _output = new float[Network.OutputCount * batch];
        _capacity = batch;
    }
}
