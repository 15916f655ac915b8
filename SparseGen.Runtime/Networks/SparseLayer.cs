using System;
using SparseGen.Kernels;

namespace SparseGen.Networks;

/// <summary>The runtime form of a layer: a kernel plus the declaration and parameters around it.</summary>
public sealed class SparseLayer : ISparseLayer
{
    /// <summary>Creates a layer whose weights and biases are zero until <see cref="SparseNetwork.Initialize"/> runs.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="kernel"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dropout"/> is NaN or outside [0, 1), or
    /// <paramref name="activation"/> is not a defined value.</exception>
    public SparseLayer(string name, ILayerKernel kernel, ConnectivityPattern pattern, double density, ulong seed,
        Activation activation, double dropout)
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

        Name = name;
        Kernel = kernel;
        Pattern = pattern;
        Density = density;
        Seed = seed;
        Activation = activation;
        Dropout = dropout;
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
    public int EdgeCount => Kernel.EdgeCount;

    /// <inheritdoc />
    public ulong Fingerprint => Kernel.Fingerprint;

    /// <inheritdoc />
    public Parameter Weights { get; }

    /// <inheritdoc />
    public Parameter Bias { get; }

    /// <inheritdoc />
    public ILayerKernel Kernel { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {Inputs} -> {Units} {Pattern} d={Density} seed={Seed}, {EdgeCount} edges, {Activation}";
}
