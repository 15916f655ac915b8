using System;

namespace SparseGen;

/// <summary>
/// The Erdős–Rényi topology of Sparse Evolutionary Training (Mocanu et al. 2018, "Scalable training of artificial
/// neural networks with adaptive sparse connectivity inspired by network science", eq. 1): a layer of <c>nin</c>
/// inputs and <c>nout</c> units connects each pair with probability <c>epsilon (nin + nout) / (nin nout)</c>, so it
/// has about <c>epsilon (nin + nout)</c> edges, linear in the neurons. Here the count is exact,
/// <c>E = round(epsilon (nin + nout))</c> (half to even, capped at <c>nin nout</c>), drawn uniformly without
/// replacement: the <see cref="ConnectivityPattern.ErdosRenyi"/> pattern at the density <see cref="Density"/> gives.
/// </summary>
public static class ErdosRenyi
{
    /// <summary>The edge count <c>min(round(epsilon (nin + nout)), nin nout)</c>, rounding half to even.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1, or <paramref name="epsilon"/> is not a positive finite number.</exception>
    public static long EdgeCount(int inputs, int units, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be a positive finite number (SET uses 20).");
        }

        double edges = Math.Round(epsilon * ((double)inputs + units), MidpointRounding.ToEven);
        return (long)Math.Min(edges, (double)inputs * units);
    }

    /// <summary>
    /// The density at which <see cref="Topology.Create"/> with <see cref="ConnectivityPattern.ErdosRenyi"/> gives exactly
    /// <see cref="EdgeCount"/> edges: <c>E / (nin nout)</c>, nudged by the last bit where floating point would round
    /// <c>density * nin * nout</c> to another count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="EdgeCount"/>.</exception>
    public static double Density(int inputs, int units, double epsilon)
    {
        long edges = EdgeCount(inputs, units, epsilon);
        double density = edges / ((double)inputs * units);
        while (Topology.EdgeCountFor(inputs, units, density) < edges)
        {
            density = Math.BitIncrement(density);
        }

        while (Topology.EdgeCountFor(inputs, units, density) > edges)
        {
            density = Math.BitDecrement(density);
        }

        return Math.Min(density, 1.0);
    }

    /// <summary>The layer's Erdős–Rényi topology: <see cref="EdgeCount"/> distinct edges drawn uniformly with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="EdgeCount"/>, or the layer has more than <see cref="Topology.MaxEdgeCount"/> edges.</exception>
    public static Topology Create(int inputs, int units, double epsilon, ulong seed) =>
        Topology.Create(ConnectivityPattern.ErdosRenyi, inputs, units, Density(inputs, units, epsilon), seed);

    /// <summary>
    /// The declaration of an Erdős–Rényi layer for <see cref="GenericSparseModel"/>: <see cref="ConnectivityPattern.ErdosRenyi"/>
    /// at <see cref="Density"/>, so the model builds the same topology as <see cref="Create"/>.
    /// </summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="inputs">Inputs arriving from the layer before (or the model's features).</param>
    /// <param name="units">The layer's units.</param>
    /// <param name="epsilon">SET's sparsity parameter; the layer has about <c>epsilon (nin + nout)</c> edges.</param>
    /// <param name="seed">Seed of the topology.</param>
    /// <param name="activation">Activation of the units.</param>
    /// <param name="dropout">Training dropout rate of the units, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="EdgeCount"/>.</exception>
    public static LayerSpec Layer(string name, int inputs, int units, double epsilon, ulong seed, Activation activation = Activation.Linear, double dropout = 0) =>
        new(name, ConnectivityPattern.ErdosRenyi, units, Density(inputs, units, epsilon), seed, activation, dropout);
}
