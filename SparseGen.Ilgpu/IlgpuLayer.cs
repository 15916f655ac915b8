using System;
using ILGPU;
using ILGPU.Runtime;
using SparseGen.Backends;
using SparseGen.Kernels.Elementwise;
using SparseGen.Networks;

namespace SparseGen.Ilgpu;

/// <summary>
/// One layer of an <see cref="IlgpuTraining"/>: its kernels, its parameters, gradients and optimizer slots in the
/// device weight order, and the activation buffers of a training batch.
/// </summary>
internal sealed class IlgpuLayer : IDisposable
{
    private readonly Accelerator _accelerator;
    private Buffer[] _weightSlots = [];
    private Buffer[] _biasSlots = [];

    public IlgpuLayer(IlgpuBackend backend, ISparseLayer layer)
    {
        _accelerator = backend.Accelerator;
        Layer = layer;
        Program = layer.Kernel is IIlgpuLayer generated ? generated.Load(backend.Loader) : backend.Loader.Generic(layer.Kernel);
        int slots = Program.SlotCount;
        Weights = Allocate(slots);
        Bias = Allocate(layer.Units);
        WeightGradients = Allocate(slots);
        BiasGradients = Allocate(layer.Units);
        LastWeights = Allocate(slots);
        LastBias = Allocate(layer.Units);
    }

    public ISparseLayer Layer { get; }

    public LayerProgram Program { get; }

    public Buffer Weights { get; }

    public Buffer Bias { get; }

    public Buffer WeightGradients { get; }

    public Buffer BiasGradients { get; }

    /// <summary>The weights before the last step, to put back when it made a value non-finite.</summary>
    public Buffer LastWeights { get; }

    public Buffer LastBias { get; }

    /// <summary>Activations <c>a = f(z)</c> of the batch, <c>[units, batch]</c>.</summary>
    public Buffer Activations { get; private set; } = null!;

    /// <summary>
    /// The pre-activations <c>z</c> of the batch, <c>[units, batch]</c>: a buffer of their own when the activation's
    /// derivative reads them (<see cref="ActivationMath.ReadsInput"/>), else <see cref="Activations"/>, computed in place.
    /// </summary>
    public Buffer PreActivations { get; private set; } = null!;

    /// <summary>What the activation's backward pass reads: <see cref="PreActivations"/> or <see cref="Activations"/>.</summary>
    public Buffer DerivativeInput => ActivationMath.ReadsInput(Layer.Activation) ? PreActivations : Activations;

    /// <summary>The activations after dropout, or <see cref="Activations"/> when the layer has none.</summary>
    public Buffer Output { get; private set; } = null!;

    /// <summary>The gradient of the loss with respect to <c>z</c>, <c>[units, batch]</c>.</summary>
    public Buffer Gradient { get; private set; } = null!;

    public Buffer[] WeightSlots => _weightSlots;

    public Buffer[] BiasSlots => _biasSlots;

    public void AllocateBatch(int capacity)
    {
        DisposeBatchBuffers();
        int length = Layer.Units * capacity;
        Activations = Allocate(length);
        PreActivations = ActivationMath.ReadsInput(Layer.Activation) ? Allocate(length) : Activations;
        Output = Layer.Dropout > 0 ? Allocate(length) : Activations;
        Gradient = Allocate(length);
    }

    /// <summary>Allocates <paramref name="count"/> optimizer slots for the weights and the biases, filled from <paramref name="state"/>'s host slots where they exist.</summary>
    public void AllocateSlots(OptimizerState state, int count)
    {
        DisposeSlots();
        _weightSlots = new Buffer[count];
        _biasSlots = new Buffer[count];
        for (int s = 0; s < count; s++)
        {
            string name = state.SlotNames[s];
            _weightSlots[s] = Allocate(Program.SlotCount);
            _biasSlots[s] = Allocate(Layer.Units);
            UploadWeights(_weightSlots[s], state.Get(Layer.Weights, name) ?? []);
            _biasSlots[s].View.CopyFromCPU(state.Get(Layer.Bias, name) ?? new float[Layer.Units]);
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
            state.Set(Layer.Bias, name, _biasSlots[s].GetAsArray1D());
        }
    }

    /// <summary>Writes host weight-order values (all zero when empty) into a device buffer in slot order; padding slots get zero.</summary>
    public void UploadWeights(Buffer buffer, ReadOnlySpan<float> values)
    {
        var slots = new float[Program.SlotCount];
        if (!values.IsEmpty)
        {
            if (Program.SlotOfWeight is not int[] slotOf)
            {
                values.CopyTo(slots);
            }
            else
            {
                for (int e = 0; e < slotOf.Length; e++)
                {
                    slots[slotOf[e]] = values[e];
                }
            }
        }

        buffer.View.CopyFromCPU(slots);
    }

    /// <summary>Reads a device buffer in slot order into host weight order.</summary>
    public void DownloadWeights(Buffer buffer, Span<float> values)
    {
        float[] slots = buffer.GetAsArray1D();
        if (Program.SlotOfWeight is not int[] slotOf)
        {
            slots.AsSpan(0, values.Length).CopyTo(values);
            return;
        }

        for (int e = 0; e < slotOf.Length; e++)
        {
            values[e] = slots[slotOf[e]];
        }
    }

    public void Dispose()
    {
        DisposeBatchBuffers();
        DisposeSlots();
        Program.Dispose();
        Weights.Dispose();
        Bias.Dispose();
        WeightGradients.Dispose();
        BiasGradients.Dispose();
        LastWeights.Dispose();
        LastBias.Dispose();
    }

    private Buffer Allocate(long length) => _accelerator.Allocate1D<float>(length);

    private void DisposeBatchBuffers()
    {
        if (Output != Activations)
        {
            Output?.Dispose();
        }

        if (PreActivations != Activations)
        {
            PreActivations?.Dispose();
        }

        Activations?.Dispose();
        Gradient?.Dispose();
    }

    private void DisposeSlots()
    {
        foreach (Buffer slot in _weightSlots)
        {
            slot.Dispose();
        }

        foreach (Buffer slot in _biasSlots)
        {
            slot.Dispose();
        }
    }
}
