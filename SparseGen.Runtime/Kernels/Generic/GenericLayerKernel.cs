using System;

namespace SparseGen.Kernels.Generic;

/// <summary>A kernel that reads a <see cref="Topology"/> at run time and keeps weights in canonical edge order.</summary>
public abstract class GenericLayerKernel : IRewirableKernel
{
    /// <summary>Creates the kernel of <paramref name="topology"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    private protected GenericLayerKernel(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
    }

    /// <summary>The topology this kernel reads.</summary>
    public Topology Topology { get; private set; }

    /// <inheritdoc />
    public int Inputs => Topology.Inputs;

    /// <inheritdoc />
    public int Units => Topology.Units;

    /// <inheritdoc />
    public int EdgeCount => Topology.EdgeCount;

    /// <inheritdoc />
    public ulong Fingerprint => Topology.Fingerprint;

    /// <inheritdoc />
    public CodegenStrategy? Strategy => null;

    /// <inheritdoc />
    public void GetWeightEdges(Span<int> inputs, Span<int> outputs) => Topology.CopyEdges(inputs, outputs);

    /// <inheritdoc />
    public void Rebuild(Topology topology) => Rebuild(topology, 1);

    /// <summary><see cref="Rebuild(Topology)"/> on up to <paramref name="threads"/> threads; the tables do not depend on their number.</summary>
    internal void Rebuild(Topology topology, int threads)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        BuildTables(threads);
    }

    /// <inheritdoc />
    public abstract void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <inheritdoc />
    public abstract void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch);

    /// <summary>(Re)builds the kernel's index tables from <see cref="Topology"/> on up to <paramref name="threads"/> threads, reusing its arrays where they fit.</summary>
    private protected abstract void BuildTables(int threads);

    /// <summary>Makes <paramref name="array"/> exactly <paramref name="length"/> long, keeping it when it already is.</summary>
    private protected static void Fit(ref int[] array, int length)
    {
        if (array.Length != length)
        {
            array = new int[length];
        }
    }

    /// <summary>Makes <paramref name="array"/> at least <paramref name="length"/> long, keeping it when it already is.</summary>
    private protected static void Grow(ref int[] array, long length)
    {
        if (array.Length < length)
        {
            array = new int[length];
        }
    }
}
