using System;

namespace SparseGen;

/// <summary>
/// Declares one layer of a <see cref="SparseModelAttribute"/> model on a <c>partial</c> property of type
/// <see cref="ISparseLayer"/>. The layer's topology is built at compile time from
/// <c>(inputs, Units, density, pattern, seed)</c> by <see cref="Topology.Create"/>, or read from a topology file
/// (<see cref="SparseLayerAttribute(string)"/>), and the generated code is specialised to it.
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

    /// <summary>
    /// Declares a layer whose topology is read from a Matrix Market coordinate file (docs/learned-topologies.md): the
    /// <c>nout x nin</c> matrix, rows are the layer's units, columns its inputs, 1-based, one edge per entry, as
    /// <c>SparseGen.IO.MatrixMarket.Write</c> and <c>scipy.io.mmwrite</c> write it. A <c>pattern</c> file gives the
    /// edges; an <c>integer</c> or <c>real</c> file with a value on every entry also gives the initial weights.
    /// The file is passed to the compiler as an <c>AdditionalFiles</c> item of the project; the generator reads
    /// it through the compiler, never from disk, and regenerates the model when it changes.
    /// </summary>
    /// <param name="topologyFile">The file's name, or the end of its path (<c>"topologies/hidden.mtx"</c>), among the
    /// project's AdditionalFiles. The layer's units are the file's rows (<see cref="Units"/> may repeat them), and its
    /// columns must be the inputs that arrive. The layer reports <see cref="ConnectivityPattern.ErdosRenyi"/>, density
    /// <c>E / (nin * nout)</c> and seed 0; its identity is its fingerprint, as for <see cref="Topology.FromEdges"/>.</param>
    public SparseLayerAttribute(string topologyFile)
    {
        TopologyFile = topologyFile;
        Pattern = ConnectivityPattern.ErdosRenyi;
    }

    /// <summary>The topology file, or null for a layer built from its pattern, density and seed.</summary>
    public string? TopologyFile { get; }

    /// <summary>Fraction of the possible edges present (0 for a layer read from a topology file: the file gives it).</summary>
    public double Density { get; }

    /// <summary>How the edges are chosen.</summary>
    public ConnectivityPattern Pattern { get; }

    /// <summary>Seed of the topology's random choices.</summary>
    public ulong Seed { get; }

    /// <summary>Number of outputs (neurons) of the layer; required, at least 1, unless a topology file gives it.</summary>
    public int Units { get; set; }

    /// <summary>Activation applied to the layer's outputs; <see cref="Activation.Linear"/> by default.</summary>
    public Activation Activation { get; set; }

    /// <summary>Fraction of the layer's outputs zeroed at random during training (inverted dropout), in [0, 1).</summary>
    public double Dropout { get; set; }

    /// <summary>
    /// The slope below zero of <see cref="Activation.LeakyRelu"/>, any finite value (negative included; alternating
    /// signs across hidden layers give All-ReLU, see <c>AllRelu.Slope</c>); 0 by default, and only with
    /// <see cref="Activation.LeakyRelu"/>.
    /// </summary>
    public double NegativeSlope { get; set; }

    /// <summary>How the generated code is specialised; <see cref="CodegenStrategy.Auto"/> lets the generator choose.</summary>
    public CodegenStrategy Codegen { get; set; }
}
