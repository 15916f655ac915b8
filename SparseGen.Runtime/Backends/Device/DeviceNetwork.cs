using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Backends;
using SparseGen.Core;
using SparseGen.Core.Device;
using SparseGen.Core.Random;
using SparseGen.Kernels;
using SparseGen.Networks;

namespace SparseGen.Backends.Device;

/// <summary>
/// A <see cref="SparseNetwork"/>'s training on an <see cref="Device.Accelerator"/>: parameters, gradients and
/// optimizer state stay in device memory; a batch goes in, the last layer's activations come out for the loss,
/// and the loss gradient goes back in. <see cref="Accelerator.Open"/> creates it for a trainer whose backend is the accelerator.
/// </summary>
/// <remarks>
/// Each layer runs its <see cref="ILayerKernel.DeviceSource"/>: <c>forward</c> and <c>backward_input</c> on
/// <c>(batch, units)</c> work-items in work-groups of 64 (up to 32 samples wide, so neighbouring work-items read
/// neighbouring activations, or for small batches neighbouring k-major weights), <c>weight_gradient</c> on one
/// work-item per weight slot, <c>bias_gradient</c> on one per output; activations, dropout and the optimizer
/// step are the element-wise kernels of <see cref="DeviceRuntimeKernels"/>. Activations are feature-major,
/// <c>[features, batch]</c>, as on the host. Dropout draws from a counter-based hash of a per-batch key, so the
/// same key gives the same masks on every device (not the host's masks). Not thread-safe.
/// </remarks>
public sealed class DeviceNetwork : ITrainingBackend
{
    private const int GroupSize = 64;

    /// <summary>The batch from which a work-group per weight slot sums the weight gradient: the crossover measured on PoCL by the benchmarks' <c>weight-gradient</c> command (docs/benchmarks.md).</summary>
    internal const int ReduceFromBatch = 4096;
    private readonly DeviceProgram _runtime;
    private readonly DeviceLayer[] _layers;
    private readonly DeviceBuffer<int> _nonFinite;
    private readonly ulong[] _layerKeys;
    private DeviceBuffer<float>? _input;
    private float[] _output = [];
    private int _capacity;
    private int _batch;
    private bool _dropout;
    private OptimizerState? _state;
    private int _slotCount;
    private bool _disposed;

    /// <summary>Builds every layer's kernels on <paramref name="accelerator"/> and uploads the network's parameters.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DeviceException">A program does not build (the message holds the build log) or a device call fails.</exception>
    public DeviceNetwork(Accelerator accelerator, SparseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentNullException.ThrowIfNull(network);
        Accelerator = accelerator;
        Network = network;
        _runtime = accelerator.Build(DeviceRuntimeKernels.Source);
        _layers = new DeviceLayer[network.Layers.Count];
        try
        {
            for (int l = 0; l < _layers.Length; l++)
            {
                _layers[l] = new DeviceLayer(accelerator, network.Layers[l]);
            }

            _nonFinite = accelerator.Allocate<int>(1);
        }
        catch
        {
            foreach (DeviceLayer? layer in _layers)
            {
                layer?.Dispose();
            }

            throw;
        }

        _layerKeys = new ulong[_layers.Length];
        UploadParameters();
    }

    /// <summary>The device.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The host network whose parameters this mirrors.</summary>
    public SparseNetwork Network { get; }

    /// <summary>Copies every parameter's host values to the device.</summary>
    /// <exception cref="DeviceException">A copy failed.</exception>
    public void UploadParameters()
    {
        foreach (DeviceLayer layer in _layers)
        {
            layer.UploadWeights(layer.Weights, layer.Layer.Weights.Values);
            layer.Bias.CopyFrom(layer.Layer.Bias.Values);
        }
    }

    /// <summary>
    /// Rebuilds every layer after the host network's topology changed (<see cref="SparseNetwork.Rewire"/>): its
    /// generic kernel's ELL tables are uploaded again (the program, whose text does not depend on the topology, is
    /// reused), its buffers sized for the new layer, and the parameters and the host's optimizer slots uploaded.
    /// </summary>
    /// <exception cref="DeviceException">A device call failed; the network keeps its old layers.</exception>
    public void UploadTopology()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rebuilt = new DeviceLayer[_layers.Length];
        try
        {
            for (int l = 0; l < rebuilt.Length; l++)
            {
                rebuilt[l] = new DeviceLayer(Accelerator, Network.Layers[l]);
                if (_capacity > 0)
                {
                    rebuilt[l].Allocate(_capacity);
                }

                if (_state is not null)
                {
                    rebuilt[l].AllocateSlots(_state, _slotCount);
                }
            }
        }
        catch
        {
            foreach (DeviceLayer? layer in rebuilt)
            {
                layer?.Dispose();
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

    /// <summary>
    /// Copies every parameter's device values back into <see cref="Parameter.Values"/>, and the optimizer slots of
    /// the last <see cref="Step"/> into its <see cref="OptimizerState"/> (for checkpoints).
    /// </summary>
    /// <exception cref="DeviceException">A copy failed.</exception>
    public void DownloadParameters()
    {
        foreach (DeviceLayer layer in _layers)
        {
            layer.DownloadWeights(layer.Weights, layer.Layer.Weights.Values);
            layer.Bias.CopyTo(layer.Layer.Bias.Values);
            if (_state is not null)
            {
                layer.DownloadSlots(_state);
            }
        }
    }

    /// <summary>Copies the gradients of the last <see cref="Backward"/> into <see cref="Parameter.Gradients"/>.</summary>
    /// <exception cref="DeviceException">A copy failed.</exception>
    public void DownloadGradients()
    {
        foreach (DeviceLayer layer in _layers)
        {
            layer.DownloadWeights(layer.WeightGradients, layer.Layer.Weights.Gradients);
            layer.BiasGradients.CopyTo(layer.Layer.Bias.Gradients);
        }
    }

    /// <summary>
    /// The training forward pass of <paramref name="input"/> (<c>[InputCount, batch]</c>), with inverted dropout
    /// drawn from <paramref name="dropoutKey"/> when it is given. Returns the last layer's activations,
    /// <c>[OutputCount, batch]</c>, copied to the host and valid until the next call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/>'s length is not <c>InputCount * batch</c>.</exception>
    /// <exception cref="DeviceException">A device call failed.</exception>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch, ulong? dropoutKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Checks.Length(nameof(input), input.Length, (long)Network.InputCount * batch);
        EnsureCapacity(batch);
        _input!.CopyFrom(input);
        _batch = batch;
        _dropout = dropoutKey is not null;
        var keys = new SplitMix64(dropoutKey ?? 0);
        (int localX, int localY) = GroupShape(batch);
        DeviceBuffer<float> x = _input;
        for (int l = 0; l < _layers.Length; l++)
        {
            DeviceLayer layer = _layers[l];
            ISparseLayer spec = layer.Layer;
            int n = spec.Units * batch;
            layer.Forward.Launch(batch, spec.Units, localX, localY, layer.Tail(layer.Weights, layer.Bias, x, layer.Activations, batch));
            if (spec.Activation == Activation.Softmax)
            {
                _runtime["softmax"].Launch(batch, GroupSize, layer.Activations, spec.Units, batch);
            }
            else if (spec.Activation != Activation.Linear)
            {
                _runtime["activate"].Launch(n, GroupSize, layer.Activations, n, (int)spec.Activation);
            }

            _layerKeys[l] = keys.Next();
            if (_dropout && spec.Dropout > 0)
            {
                _runtime["dropout"].Launch(n, GroupSize, layer.Activations, layer.Output, n, Low(_layerKeys[l]), High(_layerKeys[l]),
                    Dropout.Threshold(spec.Dropout), Dropout.KeepScale(spec.Dropout));
            }

            x = OutputOf(layer);
        }

        Span<float> output = _output.AsSpan(0, Network.OutputCount * batch);
        x.CopyTo(output);
        return output;
    }

    /// <inheritdoc />
    /// <remarks>The dropout key is the next draw of <paramref name="dropout"/>, taken only when a layer has dropout.</remarks>
    ReadOnlySpan<float> ITrainingBackend.Forward(ReadOnlySpan<float> input, int batch, Xoshiro256StarStar? dropout) =>
        Forward(input, batch, dropout is not null && _layers.Any(l => l.Layer.Dropout > 0) ? dropout.NextUInt64() : null);

    /// <summary>Runs a batch without dropout: <paramref name="input"/> is <c>[InputCount, batch]</c>, <paramref name="output"/> receives <c>[OutputCount, batch]</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not the one expected.</exception>
    /// <exception cref="DeviceException">A device call failed.</exception>
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batch)
    {
        Checks.Length(nameof(output), output.Length, (long)Network.OutputCount * batch);
        Forward(input, batch, null).CopyTo(output);
    }

    /// <summary>
    /// The backward pass of the last <see cref="Forward"/> from <paramref name="outputGradient"/>, the gradient of the
    /// loss with respect to the last layer's pre-activations (<c>[OutputCount, batch]</c>); the parameter gradients
    /// stay on the device (see <see cref="DownloadGradients"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No forward pass with this batch size came before.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputGradient"/>'s length is not <c>OutputCount * batch</c>.</exception>
    /// <exception cref="DeviceException">A device call failed.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, int batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (batch != _batch)
        {
            throw new InvalidOperationException($"Backward needs a Forward with the same batch size first (last forward batch: {_batch}, this call: {batch}).");
        }

        Checks.Length(nameof(outputGradient), outputGradient.Length, (long)Network.OutputCount * batch);
        _layers[^1].Gradient.CopyFrom(outputGradient);
        (int localX, int localY) = GroupShape(batch);
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            DeviceLayer layer = _layers[l];
            ISparseLayer spec = layer.Layer;
            DeviceBuffer<float> x = l == 0 ? _input! : OutputOf(_layers[l - 1]);
            if (batch >= ReduceFromBatch)
            {
                layer.WeightGradientReduce.Launch(layer.SlotCount * DeviceSources.ReduceGroupSize, DeviceSources.ReduceGroupSize, layer.Tail(x, layer.Gradient, layer.WeightGradients, batch));
            }
            else
            {
                layer.WeightGradient.Launch(layer.SlotCount, GroupSize, layer.Tail(x, layer.Gradient, layer.WeightGradients, batch));
            }

            layer.BiasGradient.Launch(spec.Units, GroupSize, layer.Tail(layer.Gradient, layer.BiasGradients, batch));
            if (l == 0)
            {
                continue;
            }

            DeviceLayer previous = _layers[l - 1];
            ISparseLayer before = previous.Layer;
            layer.BackwardInput.Launch(batch, spec.Inputs, localX, localY, layer.Tail(layer.Weights, layer.Gradient, previous.Gradient, batch));
            int n = before.Units * batch;
            (int threshold, float keep) = _dropout && before.Dropout > 0 ? (Dropout.Threshold(before.Dropout), Dropout.KeepScale(before.Dropout)) : (0, 1f);
            int kind = before.Activation == Activation.Softmax ? (int)Activation.Linear : (int)before.Activation;
            _runtime["activation_backward"].Launch(n, GroupSize, previous.Gradient, previous.Activations, n, kind, Low(_layerKeys[l - 1]), High(_layerKeys[l - 1]), threshold, keep);
            if (before.Activation == Activation.Softmax)
            {
                _runtime["softmax_backward"].Launch(batch, GroupSize, previous.Gradient, previous.Activations, before.Units, batch);
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The device has no kernel for <paramref name="update"/>'s type.</exception>
    /// <exception cref="InvalidOperationException">A different optimizer state was stepped on this network before.</exception>
    /// <exception cref="DeviceException">A device call failed.</exception>
    public bool Step(ParameterUpdate update, OptimizerState state, double weightDecay, out string nonFinite)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_state is not null && _state != state)
        {
            throw new InvalidOperationException("This device network keeps the state of another optimizer; create a new DeviceNetwork for a new optimizer.");
        }

        (string name, float[] scalars) = KernelOf(update);
        if (_state is null)
        {
            foreach (DeviceLayer layer in _layers)
            {
                layer.AllocateSlots(state, update.SlotCount);
            }

            _state = state;
            _slotCount = update.SlotCount;
        }

        DeviceKernel kernel = _runtime[name];
        _nonFinite.Clear();
        foreach (DeviceLayer layer in _layers)
        {
            layer.LastWeights.CopyFrom(layer.Weights);
            layer.LastBias.CopyFrom(layer.Bias);
            kernel.Launch(layer.SlotCount, GroupSize, StepArguments(scalars, layer.Weights, layer.WeightGradients, layer.WeightSlots, (float)weightDecay));
            kernel.Launch(layer.Layer.Units, GroupSize, StepArguments(scalars, layer.Bias, layer.BiasGradients, layer.BiasSlots, 0f));
        }

        Span<int> flag = stackalloc int[1];
        _nonFinite.CopyTo(flag);
        if (flag[0] == 0)
        {
            nonFinite = "";
            return true;
        }

        foreach (DeviceLayer layer in _layers)
        {
            layer.Weights.CopyFrom(layer.LastWeights);
            layer.Bias.CopyFrom(layer.LastBias);
        }

        nonFinite = "a parameter";
        return false;
    }

    /// <summary>The runtime kernel of an update and the scalars that follow its common arguments <c>(w, g, slots..., n, decay, nonfinite)</c>.</summary>
    private static (string Kernel, float[] Scalars) KernelOf(ParameterUpdate update) => update switch
    {
        SgdUpdate u => ("sgd_step", [u.LearningRate]),
        MomentumUpdate u => ("momentum_step", [u.LearningRate, u.Momentum, u.Nesterov ? 1f : 0f]),
        MomentUpdate u => ("moment_step", [u.LearningRate, u.Beta1, u.Beta2, u.GradientScale, u.MomentScale, u.VarianceScale, u.Epsilon]),
        _ => throw new NotSupportedException($"The device backend has no kernel for {update.GetType().Name}; train with Sgd, Adam or Nadam, or on the CPU."),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (DeviceLayer layer in _layers)
        {
            layer.Dispose();
        }

        _nonFinite.Dispose();
        _input?.Dispose();
    }

    /// <summary>Work-groups of 64: up to 32 samples along dimension 0, the rest along the units.</summary>
    private static (int X, int Y) GroupShape(int batch)
    {
        int x = Math.Min(32, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)batch));
        return (x, GroupSize / x);
    }

    /// <summary>What the layer passed on in the last forward pass: its activations, after dropout when it was applied.</summary>
    private DeviceBuffer<float> OutputOf(DeviceLayer layer) => _dropout && layer.Layer.Dropout > 0 ? layer.Output : layer.Activations;

    private static int Low(ulong key) => unchecked((int)(uint)key);

    private static int High(ulong key) => unchecked((int)(uint)(key >> 32));

    private KernelArgument[] StepArguments(float[] scalars, DeviceBuffer<float> values, DeviceBuffer<float> gradients, DeviceBuffer<float>[] slots, float decay)
    {
        var arguments = new List<KernelArgument>(8 + scalars.Length) { values, gradients };
        arguments.AddRange(slots.Select(s => (KernelArgument)s));
        arguments.Add(values.Length);
        arguments.Add(decay);
        arguments.Add(_nonFinite);
        arguments.AddRange(scalars.Select(s => (KernelArgument)s));
        return [.. arguments];
    }

    private void EnsureCapacity(int batch)
    {
        if (batch <= _capacity)
        {
            return;
        }

        _input?.Dispose();
        _input = Accelerator.Allocate<float>(Network.InputCount * batch);
        foreach (DeviceLayer layer in _layers)
        {
            layer.Allocate(batch);
        }

        _output = new float[Network.OutputCount * batch];
        _capacity = batch;
    }
}
