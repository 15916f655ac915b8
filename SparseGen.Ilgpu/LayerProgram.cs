using System;
using ILGPU;
using ILGPU.Runtime;
using SparseGen.Ilgpu.Kernels;

namespace SparseGen.Ilgpu;

/// <summary>
/// One layer's kernels loaded on an accelerator, with the tables they read: what <see cref="IIlgpuLayer.Load"/>
/// returns (from <see cref="KernelLoader"/>) and <see cref="IlgpuTraining"/> launches. Activations are
/// feature-major, <c>[features, batch]</c>.
/// </summary>
public abstract class LayerProgram : IDisposable
{
    private protected LayerProgram(int slotCount, int[]? slotOfWeight)
    {
        SlotCount = slotCount;
        SlotOfWeight = slotOfWeight;
    }

    /// <summary>The length of the device weight buffer, padding slots included.</summary>
    public int SlotCount { get; }

    /// <summary>The device slot of each weight in the host kernel's weight order; null when the orders are the same.</summary>
    internal int[]? SlotOfWeight { get; }

    /// <summary><c>z = W x + bias</c> for <paramref name="batch"/> samples.</summary>
    internal abstract void Forward(ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> input, ArrayView<float> output, int batch);

    /// <summary><c>dx = W^T dz</c>.</summary>
    internal abstract void BackwardInput(ArrayView<float> weights, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch);

    /// <summary><c>dw</c> per slot, by a group per slot when <paramref name="reduce"/> is set.</summary>
    internal abstract void WeightGradient(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch, bool reduce);

    /// <inheritdoc />
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the tables.</summary>
    private protected virtual void Release()
    {
    }

    /// <summary>The weight-gradient kernels of a topology type, loaded once per accelerator.</summary>
    internal sealed class GradientKernels<T>(Accelerator accelerator)
        where T : struct, IDeviceTopology
    {
        public Action<Index1D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> PerSlot { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index1D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LayerKernels.WeightGradient);

        public Action<KernelConfig, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> PerGroup { get; } =
            accelerator.LoadStreamKernel<T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LayerKernels.WeightGradientReduce);

        public void Launch(T topology, ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch, bool reduce)
        {
            int slots = topology.SlotCount;
            if (slots == 0)
            {
                return;
            }

            if (reduce)
            {
                PerGroup(new KernelConfig(slots, LayerKernels.ReduceGroupSize), topology, input, outputGradient, weightGradient, batch);
            }
            else
            {
                PerSlot(slots, topology, input, outputGradient, weightGradient, batch);
            }
        }
    }
}

/// <summary>A sparse layer's kernels over its topology struct.</summary>
internal sealed class SparseProgram<T> : LayerProgram
    where T : struct, ISparseDeviceTopology
{
    private readonly T _topology;
    private readonly SparseProgram<T>.Kernels _kernels;
    private readonly IDisposable[] _tables;

    public SparseProgram(Kernels kernels, T topology, int[]? slotOfWeight, params IDisposable[] tables)
        : base(topology.SlotCount, slotOfWeight)
    {
        _kernels = kernels;
        _topology = topology;
        _tables = tables;
    }

    internal override void Forward(ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> input, ArrayView<float> output, int batch) =>
        _kernels.Forward(new Index2D(batch, _topology.Units), _topology, weights, bias, input, output, batch);

    internal override void BackwardInput(ArrayView<float> weights, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch) =>
        _kernels.BackwardInput(new Index2D(batch, _topology.Inputs), _topology, weights, outputGradient, inputGradient, batch);

    internal override void WeightGradient(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch, bool reduce) =>
        _kernels.Gradients.Launch(_topology, input, outputGradient, weightGradient, batch, reduce);

    private protected override void Release()
    {
        foreach (IDisposable table in _tables)
        {
            table.Dispose();
        }
    }

    /// <summary>The kernels of <typeparamref name="T"/>, loaded once per accelerator.</summary>
    internal sealed class Kernels(Accelerator accelerator)
    {
        public Action<Index2D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Forward { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index2D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LayerKernels.Forward);

        public Action<Index2D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> BackwardInput { get; } =
            accelerator.LoadAutoGroupedStreamKernel<Index2D, T, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(LayerKernels.BackwardInput);

        public GradientKernels<T> Gradients { get; } = new(accelerator);
    }
}

/// <summary>A dense layer's tiled kernels over its shape.</summary>
internal sealed class DenseProgram<TShape> : LayerProgram
    where TShape : struct, ILayerShape
{
    private readonly TShape _shape;
    private readonly DenseProgram<TShape>.Kernels _kernels;

    public DenseProgram(Kernels kernels, TShape shape, int[] slotOfWeight)
        : base(shape.Inputs * shape.Units, slotOfWeight)
    {
        _kernels = kernels;
        _shape = shape;
    }

    internal override void Forward(ArrayView<float> weights, ArrayView<float> bias, ArrayView<float> input, ArrayView<float> output, int batch) =>
        _kernels.Forward(Groups(batch, _shape.Units), _shape, weights, bias, input, output, batch);

    internal override void BackwardInput(ArrayView<float> weights, ArrayView<float> outputGradient, ArrayView<float> inputGradient, int batch) =>
        _kernels.BackwardInput(Groups(batch, _shape.Inputs), _shape, weights, outputGradient, inputGradient, batch);

    internal override void WeightGradient(ArrayView<float> input, ArrayView<float> outputGradient, ArrayView<float> weightGradient, int batch, bool reduce) =>
        _kernels.Gradients.Launch(new DenseTopology<TShape>(_shape), input, outputGradient, weightGradient, batch, reduce);

    private static KernelConfig Groups(int batch, int rows) =>
        new(new Index2D(Ceiling(batch, DenseKernels.GroupWidth), Ceiling(rows, DenseKernels.GroupHeight)), new Index2D(DenseKernels.GroupWidth, DenseKernels.GroupHeight));

    private static int Ceiling(int count, int size) => (count + size - 1) / size;

    /// <summary>The kernels of <typeparamref name="TShape"/>, loaded once per accelerator.</summary>
    internal sealed class Kernels(Accelerator accelerator)
    {
        public Action<KernelConfig, TShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> Forward { get; } =
            accelerator.LoadStreamKernel<TShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(DenseKernels.Forward);

        public Action<KernelConfig, TShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, int> BackwardInput { get; } =
            accelerator.LoadStreamKernel<TShape, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>(DenseKernels.BackwardInput);

        public GradientKernels<DenseTopology<TShape>> Gradients { get; } = new(accelerator);
    }
}
