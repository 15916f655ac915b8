using System;

namespace SparseGen.Kernels.Generic;

/// <summary>A kernel that reads a <see cref="Topology"/> at run time and keeps weights in canonical edge order.</summary>
public abstract class GenericLayerKernel : ILayerKernel
{
    private DeviceLayerSource? _deviceSource;

    /// <summary>Creates the kernel of <paramref name="topology"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    protected GenericLayerKernel(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
    }

    /// <summary>The topology this kernel reads.</summary>
    public Topology Topology { get; }

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
    public DeviceLayerSource DeviceSource => _deviceSource ??= DeviceLayerSource.Generic(Topology);

    /// <inheritdoc />
    public void GetWeightEdges(Span<int> inputs, Span<int> outputs) => Topology.CopyEdges(inputs, outputs);

    /// <inheritdoc />
    public abstract void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch);

    /// <inheritdoc />
    public abstract void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch);
}
