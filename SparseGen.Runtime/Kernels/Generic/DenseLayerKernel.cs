using System;
using SparseGen.Core;

namespace SparseGen.Kernels.Generic;

/// <summary>The dense fully connected baseline as an <see cref="ILayerKernel"/>: <see cref="DenseMath"/> over a row-major weight matrix.</summary>
public sealed class DenseLayerKernel : ILayerKernel
{
    private readonly Lazy<ulong> _fingerprint;
    private readonly Lazy<DeviceLayerSource> _deviceSource;

    /// <summary>Creates the kernel of a dense layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the layer has more than <see cref="Topology.MaxEdgeCount"/> edges.</exception>
    public DenseLayerKernel(int inputs, int units)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)inputs * units, Topology.MaxEdgeCount, nameof(units));
        Inputs = inputs;
        Units = units;
        _fingerprint = new Lazy<ulong>(() => Topology.Create(ConnectivityPattern.Dense, inputs, units, 1.0, 0).Fingerprint);
        _deviceSource = new Lazy<DeviceLayerSource>(() => DeviceLayerSource.Generic(Topology.Create(ConnectivityPattern.Dense, inputs, units, 1.0, 0)));
    }

    /// <inheritdoc />
    public int Inputs { get; }

    /// <inheritdoc />
    public int Units { get; }

    /// <inheritdoc />
    public int EdgeCount => Inputs * Units;

    /// <inheritdoc />
    public ulong Fingerprint => _fingerprint.Value;

    /// <inheritdoc />
    public CodegenStrategy? Strategy => null;

    /// <inheritdoc />
    /// <remarks>The generic ELL kernel over the full topology, as for any <see cref="GenericLayerKernel"/>.</remarks>
    public DeviceLayerSource DeviceSource => _deviceSource.Value;

    /// <inheritdoc />
    public void GetWeightEdges(Span<int> inputs, Span<int> units)
    {
        Checks.Length(nameof(inputs), inputs.Length, EdgeCount);
        DenseMath.WeightEdges(Inputs, inputs, units);
    }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch) =>
        DenseMath.Forward(weights, bias, input, output, Inputs, Units, batch);

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch) =>
        DenseMath.Backward(weights, input, outputGradient, weightGradient, biasGradient, inputGradient, Inputs, Units, batch);
}
