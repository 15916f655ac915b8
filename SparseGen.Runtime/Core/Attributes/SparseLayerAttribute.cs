using System;

namespace SparseGen;

/// <summary>
/// Declares one layer of a <see cref="SparseModelAttribute"/> model on a <c>partial</c> property of type
/// <see cref="ISparseLayer"/>. The layer's topology is built at compile time from
/// <c>(inputs, Units, density, pattern, seed)</c> by <see cref="Topology.Create"/> and baked into the generated code.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SparseLayerAttribute : Attribute
{
    /// <summary>Declares a layer.</summary>
    /// <param name="density">Fraction of the possible edges present, in [0, 1]; 1 for <see cref="ConnectivityPattern.Dense"/>.</param>
    /// <param name="pattern">How the edges are chosen.</param>
    /// <param name="seed">Seed of the topology's random choices (ignored by deterministic patterns).</param>
    public SparseLayerAttribute(double density, ConnectivityPattern pattern, ulong seed)
    {
        Density = density;
        Pattern = pattern;
        Seed = seed;
    }

    /// <summary>Fraction of the possible edges present.</summary>
    public double Density { get; }

    /// <summary>How the edges are chosen.</summary>
    public ConnectivityPattern Pattern { get; }

    /// <summary>Seed of the topology's random choices.</summary>
    public ulong Seed { get; }

    /// <summary>Number of outputs (neurons) of the layer; required, at least 1.</summary>
    public int Units { get; set; }

    /// <summary>Activation applied to the layer's outputs; <see cref="Activation.Linear"/> by default.</summary>
    public Activation Activation { get; set; }

    /// <summary>Fraction of the layer's outputs zeroed at random during training (inverted dropout), in [0, 1).</summary>
    public double Dropout { get; set; }

    /// <summary>How the generated code is specialised; <see cref="CodegenStrategy.Auto"/> lets the generator choose.</summary>
    public CodegenStrategy Codegen { get; set; }
}
