using System;
using System.Buffers;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.Networks;

/// <summary>The runtime form of a layer: a kernel plus the declaration and parameters around it.</summary>
public sealed class SparseLayer : ISparseLayer
{
    /// <summary>Creates a layer whose weights and biases are zero until <see cref="SparseNetwork.Initialize"/> runs.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dropout"/> is NaN or outside [0, 1),
    /// <paramref name="activation"/> is not a defined value, or <paramref name="negativeSlope"/> is not finite, or not 0
    /// with an activation other than <see cref="Activation.LeakyRelu"/>.</exception>
    public SparseLayer(string name, ILayerKernel kernel, ConnectivityPattern pattern, double density, ulong seed,
        Activation activation, double dropout, double negativeSlope = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(kernel);
        if (double.IsNaN(dropout) || dropout < 0 || dropout >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"Layer '{name}': the dropout rate must be in [0, 1).");
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Layer '{name}': unknown activation.");
        }

        if (!double.IsFinite(negativeSlope) || (negativeSlope != 0 && activation != Activation.LeakyRelu))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"Layer '{name}': a negative slope must be finite, and only LeakyRelu has one (the activation is {activation}).");
        }

        Name = name;
        Kernel = kernel;
        Pattern = pattern;
        Density = density;
        Seed = seed;
        Activation = activation;
        Dropout = dropout;
        NegativeSlope = negativeSlope;
        Weights = new Parameter(name + ".weights", kernel.EdgeCount);
        Bias = new Parameter(name + ".bias", kernel.Units);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public int Inputs => Kernel.Inputs;

    /// <inheritdoc />
    public int Units => Kernel.Units;

    /// <inheritdoc />
    public ConnectivityPattern Pattern { get; }

    /// <inheritdoc />
    public double Density { get; }

    /// <inheritdoc />
    public ulong Seed { get; }

    /// <inheritdoc />
    public Activation Activation { get; }

    /// <inheritdoc />
    public double Dropout { get; }

    /// <inheritdoc />
    public double NegativeSlope { get; }

    /// <inheritdoc />
    public int EdgeCount => Kernel.EdgeCount;

    /// <inheritdoc />
    public ulong Fingerprint => Kernel.Fingerprint;

    /// <inheritdoc />
    public Parameter Weights { get; }

    /// <inheritdoc />
    public Parameter Bias { get; }

    /// <inheritdoc />
    public ILayerKernel Kernel { get; }

    /// <summary>
    /// True once the topology was changed during training (<see cref="SparseNetwork.Rewire"/>): it is no longer the one
    /// <see cref="Pattern"/>, <see cref="Density"/> and <see cref="Seed"/> build, and checkpoints record it as learned.
    /// </summary>
    public bool TopologyLearned { get; internal set; }

    /// <summary>Applies a checked <paramref name="change"/>: the kernel's new tables (built on up to <paramref name="threads"/> threads), the weights, and the biases of the units kept.</summary>
    internal void Rewire(LayerRewiring change, int threads)
    {
        if (Kernel is GenericLayerKernel generic)
        {
            generic.Rebuild(change.Topology, threads);
        }
        else
        {
            ((IRewirableKernel)Kernel).Rebuild(change.Topology);
        }

        Weights.Replace(change.Weights);
        if (change.UnitSource is { } units)
        {
            float[] bias = ArrayPool<float>.Shared.Rent(units.Length);
            LayerRewiring.Gather(Bias.Values, units, bias.AsSpan(0, units.Length));
            Bias.Replace(bias.AsSpan(0, units.Length));
            ArrayPool<float>.Shared.Return(bias);
        }

        TopologyLearned = true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {Inputs} -> {Units} {Pattern} d={Density} seed={Seed}, {EdgeCount} edges, {Activation}{(Activation == Activation.LeakyRelu ? $" s={NegativeSlope}" : "")}";
}
