using System;
using SparseGen.Core.Device;
using SparseGen.Networks;
using SparseGen.Kernels;

namespace SparseGen.Backends.Device;

/// <summary>
/// One layer of a <see cref="DeviceNetwork"/>: its built program, its parameters, gradients and optimizer slots in
/// the device weight order, and the activation buffers of a training batch.
/// </summary>
internal sealed class DeviceLayer : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly DeviceLayerSource _source;
    private readonly int[]? _slotOfWeight;
    private readonly DeviceBuffer<int>? _slotInputs;
    private readonly DeviceBuffer<int>? _inputSlots;
    private DeviceBuffer<float>[] _weightSlots = [];
    private DeviceBuffer<float>[] _biasSlots = [];

    public DeviceLayer(Accelerator accelerator, ISparseLayer layer)
    {
        _accelerator = accelerator;
        Layer = layer;
        _source = layer.Kernel.DeviceSource;
        DeviceProgram program = accelerator.Build(_source.Text);
        Forward = program["forward"];
        BackwardInput = program["backward_input"];
        WeightGradient = program["weight_gradient"];
        WeightGradientReduce = program["weight_gradient_reduce"];
        BiasGradient = program["bias_gradient"];
        if (_source.Layout == DeviceWeightLayout.Ell)
        {
            _slotOfWeight = EllSlots(layer.Kernel, out int width);
            SlotCount = width * layer.Units;
        }
        else
        {
            SlotCount = layer.EdgeCount;
        }

        if (_source.Tables is KMajorEll tables)
        {
            _slotInputs = accelerator.Upload<int>(tables.SlotInputs);
            _inputSlots = accelerator.Upload<int>(tables.InputSlots);
        }

        Weights = accelerator.Allocate<float>(SlotCount);
        Bias = accelerator.Allocate<float>(layer.Units);
        WeightGradients = accelerator.Allocate<float>(SlotCount);
        BiasGradients = accelerator.Allocate<float>(layer.Units);
        LastWeights = accelerator.Allocate<float>(SlotCount);
        LastBias = accelerator.Allocate<float>(layer.Units);
    }

    public ISparseLayer Layer { get; }

    /// <summary>Length of the device weight buffer: <c>E</c>, or <c>width * nout</c> for k-major ELL.</summary>
    public int SlotCount { get; }

    public DeviceKernel Forward { get; }

    public DeviceKernel BackwardInput { get; }

    public DeviceKernel WeightGradient { get; }

    /// <summary>The weight gradient by a work-group per slot, for large batches.</summary>
    public DeviceKernel WeightGradientReduce { get; }

    public DeviceKernel BiasGradient { get; }

    public DeviceBuffer<float> Weights { get; }

    public DeviceBuffer<float> Bias { get; }

    public DeviceBuffer<float> WeightGradients { get; }

    public DeviceBuffer<float> BiasGradients { get; }

    public DeviceBuffer<float> LastWeights { get; }

    public DeviceBuffer<float> LastBias { get; }

    /// <summary>Activations <c>a = f(z)</c> of the batch, <c>[units, batch]</c>.</summary>
    public DeviceBuffer<float> Activations { get; private set; } = null!;

    /// <summary>The activations after dropout, or <see cref="Activations"/> when the layer has none.</summary>
    public DeviceBuffer<float> Output { get; private set; } = null!;

    /// <summary>The gradient of the loss with respect to <c>z</c>, <c>[units, batch]</c>.</summary>
    public DeviceBuffer<float> Gradient { get; private set; } = null!;

    public DeviceBuffer<float>[] WeightSlots => _weightSlots;

    public DeviceBuffer<float>[] BiasSlots => _biasSlots;

    /// <summary>The arguments after <c>batch</c>: the tables and sizes of a generic kernel, none for a generated one.</summary>
    public KernelArgument[] Tail(params KernelArgument[] head)
    {
        if (_source.Tables is not KMajorEll tables)
        {
            return head;
        }

        return [.. head, _slotInputs!, _inputSlots!, Layer.Inputs, Layer.Units, tables.Width, tables.InputWidth];
    }

    public void Allocate(int capacity)
    {
        DisposeBatchBuffers();
        int length = Layer.Units * capacity;
        Activations = _accelerator.Allocate<float>(length);
        Output = Layer.Dropout > 0 ? _accelerator.Allocate<float>(length) : Activations;
        Gradient = _accelerator.Allocate<float>(length);
    }

    /// <summary>Allocates <paramref name="count"/> optimizer slots for the weights and the biases, filled from <paramref name="state"/>'s host slots where they exist.</summary>
    public void AllocateSlots(OptimizerState state, int count)
    {
        DisposeSlots();
        _weightSlots = new DeviceBuffer<float>[count];
        _biasSlots = new DeviceBuffer<float>[count];
        for (int s = 0; s < count; s++)
        {
            string name = state.SlotNames[s];
            _weightSlots[s] = _accelerator.Allocate<float>(SlotCount);
            _biasSlots[s] = _accelerator.Allocate<float>(Layer.Units);
            UploadWeights(_weightSlots[s], state.Get(Layer.Weights, name) ?? []);
            _biasSlots[s].CopyFrom(state.Get(Layer.Bias, name) ?? new float[Layer.Units]);
        }
    }

    /// <summary>Copies the device's optimizer slots into <paramref name="state"/>'s host slots.</summary>
    public void DownloadSlots(OptimizerState state)
    {
        for (int s = 0; s < _weightSlots.Length; s++)
        {
            string name = state.SlotNames[s];
            var weights = new float[Layer.Weights.Length];
            DownloadWeights(_weightSlots[s], weights);
            state.Set(Layer.Weights, name, weights);
            state.Set(Layer.Bias, name, _biasSlots[s].ToArray());
        }
    }

    /// <summary>Writes host weight-order values (all zero when empty) into a device buffer in slot order; padding slots get zero.</summary>
    public void UploadWeights(DeviceBuffer<float> buffer, ReadOnlySpan<float> values)
    {
        var slots = new float[SlotCount];
        if (!values.IsEmpty)
        {
            if (_slotOfWeight is null)
            {
                values.CopyTo(slots);
            }
            else
            {
                for (int e = 0; e < _slotOfWeight.Length; e++)
                {
                    slots[_slotOfWeight[e]] = values[e];
                }
            }
        }

        buffer.CopyFrom(slots);
    }

    /// <summary>Reads a device buffer in slot order into host weight order.</summary>
    public void DownloadWeights(DeviceBuffer<float> buffer, Span<float> values)
    {
        float[] slots = buffer.ToArray();
        if (_slotOfWeight is null)
        {
            slots.AsSpan(0, values.Length).CopyTo(values);
            return;
        }

        for (int e = 0; e < _slotOfWeight.Length; e++)
        {
            values[e] = slots[_slotOfWeight[e]];
        }
    }

    public void Dispose()
    {
        DisposeBatchBuffers();
        DisposeSlots();
        Weights.Dispose();
        Bias.Dispose();
        WeightGradients.Dispose();
        BiasGradients.Dispose();
        LastWeights.Dispose();
        LastBias.Dispose();
        _slotInputs?.Dispose();
        _inputSlots?.Dispose();
    }

    /// <summary>The k-major ELL slot of each weight: <c>k * nout + j</c> for the k-th weight of output j in the kernel's (canonical) order.</summary>
    private static int[] EllSlots(ILayerKernel kernel, out int width)
    {
        var inputs = new int[kernel.EdgeCount];
        var outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(inputs, outputs);
        var filled = new int[kernel.Units];
        var slots = new int[kernel.EdgeCount];
        width = 0;
        for (int e = 0; e < slots.Length; e++)
        {
            int j = outputs[e];
            slots[e] = (filled[j]++ * kernel.Units) + j;
            width = Math.Max(width, filled[j]);
        }

        return slots;
    }

    private void DisposeBatchBuffers()
    {
        if (Output != Activations)
        {
            Output?.Dispose();
        }

        Activations?.Dispose();
        Gradient?.Dispose();
    }

    private void DisposeSlots()
    {
        foreach (DeviceBuffer<float> slot in _weightSlots)
        {
            slot.Dispose();
        }

        foreach (DeviceBuffer<float> slot in _biasSlots)
        {
            slot.Dispose();
        }
    }
}
