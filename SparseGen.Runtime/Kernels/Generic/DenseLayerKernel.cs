using System;
using SparseGen.Core;

namespace SparseGen.Kernels.Generic;

/// <summary>The dense fully connected baseline as an <see cref="ILayerKernel"/>: <see cref="DenseMath"/> over a row-major weight matrix.</summary>
public sealed class DenseLayerKernel : IRewirableKernel
{
    private Topology? _topology;
    /// <summary>Creates the kernel of a dense layer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or the layer has more than <see cref="Topology.MaxEdgeCount"/> edges.</exception>
    public DenseLayerKernel(int inputs, int units)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)inputs * units, Topology.MaxEdgeCount, nameof(units));
        Inputs = inputs;
        Units = units;
    }

    /// <inheritdoc />
    public int Inputs { get; private set; }

    /// <inheritdoc />
    public int Units { get; private set; }

    /// <inheritdoc />
    public int EdgeCount => Inputs * Units;

    /// <inheritdoc />
    public ulong Fingerprint => Topology.Fingerprint;

    /// <inheritdoc />
    public CodegenStrategy? Strategy => null;

    /// <inheritdoc />
    /// <remarks>Every edge, in canonical order (which is the row-major weight order), built on first use.</remarks>
    public Topology Topology => _topology ??= Topology.Create(ConnectivityPattern.Dense, Inputs, Units, 1.0, 0);

    /// <inheritdoc />
    public void GetWeightEdges(Span<int> inputs, Span<int> units)
    {
        Checks.Length(nameof(inputs), inputs.Length, EdgeCount);
        DenseMath.WeightEdges(Inputs, inputs, units);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="topology"/> lacks an edge: a dense kernel holds every pair.</exception>
    public void Rebuild(Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        if (topology.EdgeCount != (long)topology.Inputs * topology.Units)
        {
            throw new ArgumentException($"A dense kernel holds every edge, but the {topology.Inputs} x {topology.Units} topology has {topology.EdgeCount}; run it with a CsrLayerKernel.", nameof(topology));
        }

        Inputs = topology.Inputs;
        Units = topology.Units;
        _topology = topology;
    }

    /// <inheritdoc />
    public void Forward(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, Span<float> output, int batch) =>
        DenseMath.Forward(weights, bias, input, output, Inputs, Units, batch);

    /// <inheritdoc />
    public void Backward(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, ReadOnlySpan<float> outputGradient,
        Span<float> weightGradient, Span<float> biasGradient, Span<float> inputGradient, int batch) =>
        DenseMath.Backward(weights, input, outputGradient, weightGradient, biasGradient, inputGradient, Inputs, Units, batch);
}
