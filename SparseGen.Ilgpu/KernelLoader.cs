using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using SparseGen.Ilgpu.Kernels;
using SparseGen.Kernels;
using SparseGen.Kernels.Elementwise;
using SparseGen.Kernels.Generic;

namespace SparseGen.Ilgpu;

/// <summary>
/// Loads layer kernels on one accelerator: ILGPU compiles each topology struct's kernels once, and every layer of
/// that type reuses them with its own tables. The generated <see cref="IIlgpuLayer.Load"/> calls <see cref="Ell{TShape}"/>,
/// <see cref="Rotating{TShape}"/> or <see cref="Dense{TShape}"/> with a shape whose sizes are constants. Not thread-safe.
/// </summary>
public sealed class KernelLoader
{
    private readonly Dictionary<Type, object> _kernels = [];

    internal KernelLoader(Accelerator accelerator) => Accelerator = accelerator;

    /// <summary>The accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>
    /// A layer in column-major ELLPACK: the tables are built from <paramref name="kernel"/>'s edges (in its weight
    /// order) and uploaded; the kernels read them from device memory.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape's sizes are not the kernel's.</exception>
    public LayerProgram Ell<TShape>(ILayerKernel kernel, TShape shape)
        where TShape : struct, IEllShape
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return Upload(kernel, shape, EllTables.Of(kernel));
    }

    /// <summary>The generic kernels for a layer without generated device code: dense tiles for a dense kernel, else ELLPACK tables with the sizes as arguments.</summary>
    internal LayerProgram Generic(ILayerKernel kernel)
    {
        if (kernel is DenseLayerKernel)
        {
            return Dense(kernel, new RuntimeShape(kernel.Inputs, kernel.Units, 0, 0));
        }

        EllTables tables = EllTables.Of(kernel);
        return Upload(kernel, new RuntimeShape(kernel.Inputs, kernel.Units, tables.Width, tables.InputWidth), tables);
    }

    /// <summary><see cref="Ell{TShape}(ILayerKernel, TShape)"/> over tables already built from <paramref name="kernel"/>.</summary>
    private LayerProgram Upload<TShape>(ILayerKernel kernel, TShape shape, EllTables tables)
        where TShape : struct, IEllShape
    {
        if (shape.Inputs != kernel.Inputs || shape.Units != kernel.Units || shape.Width != tables.Width || shape.InputWidth != tables.InputWidth)
        {
            throw new ArgumentException(
                $"The shape ({shape.Inputs} x {shape.Units}, widths {shape.Width} and {shape.InputWidth}) is not the kernel's ({kernel.Inputs} x {kernel.Units}, widths {tables.Width} and {tables.InputWidth}); rebuild the project so the generated code matches its topology.",
                nameof(shape));
        }

        MemoryBuffer1D<int, Stride1D.Dense> slotInputs = Accelerator.Allocate1D(tables.SlotInputs);
        MemoryBuffer1D<int, Stride1D.Dense> inputSlots = Accelerator.Allocate1D(tables.InputSlots);
        var topology = new EllTopology<TShape>(shape, slotInputs.View, inputSlots.View);
        return new SparseProgram<EllTopology<TShape>>(Get(a => new SparseProgram<EllTopology<TShape>>.Kernels(a)), topology, tables.SlotOfWeight, slotInputs, inputSlots);
    }

    /// <summary>A rotating layer whose indices the kernels compute from its shifts; weights in the host kernel's (shift-major) order.</summary>
    public LayerProgram Rotating<TShape>(TShape shape)
        where TShape : struct, IRotationShape =>
        new SparseProgram<RotatingTopology<TShape>>(Get(a => new SparseProgram<RotatingTopology<TShape>>.Kernels(a)), new RotatingTopology<TShape>(shape), null);

    /// <summary>A dense layer, tiled; <paramref name="kernel"/> gives the host weight order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentException">The shape's sizes are not the kernel's, or the kernel is not dense.</exception>
    public LayerProgram Dense<TShape>(ILayerKernel kernel, TShape shape)
        where TShape : struct, ILayerShape
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (shape.Inputs != kernel.Inputs || shape.Units != kernel.Units || (long)kernel.Inputs * kernel.Units != kernel.EdgeCount)
        {
            throw new ArgumentException($"The dense shape {shape.Inputs} x {shape.Units} does not describe the kernel ({kernel.Inputs} x {kernel.Units}, {kernel.EdgeCount} edges).", nameof(shape));
        }

        return new DenseProgram<TShape>(Get(a => new DenseProgram<TShape>.Kernels(a)), shape, EllTables.Of(kernel).SlotOfWeight);
    }

    /// <summary><c>db[j] = sum_b dz[j, b]</c> for <paramref name="units"/> outputs.</summary>
    internal void BiasGradient(int units, ArrayView<float> outputGradient, ArrayView<float> biasGradient, int batch)
    {
        if (units > 0)
        {
            Get(a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(LayerKernels.BiasGradient))(units, outputGradient, biasGradient, batch);
        }
    }

    /// <summary>One optimizer step of <paramref name="count"/> values by <paramref name="rule"/> (<see cref="ElementKernels.Update{TRule}"/>).</summary>
    internal void Update<TRule>(int count, TRule rule, ArrayView<float> values, ArrayView<float> gradients, ArrayView<float> first, ArrayView<float> second, int slots, float decay, ArrayView<int> nonFinite)
        where TRule : struct, IUpdateRule =>
        Get(a => a.LoadAutoGroupedStreamKernel<Index1D, TRule, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, float, ArrayView<int>>(ElementKernels.Update))(
            count, rule, values, gradients, first, second, slots, decay, nonFinite);

    private T Get<T>(Func<Accelerator, T> load)
        where T : class
    {
        if (!_kernels.TryGetValue(typeof(T), out object? kernels))
        {
            kernels = load(Accelerator);
            _kernels[typeof(T)] = kernels;
        }

        return (T)kernels;
    }
}
