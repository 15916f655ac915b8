using SparseGen.Kernels;
using SparseGen.Networks;
namespace SparseGen;

/// <summary>
/// One layer of a sparse network: its declaration (pattern, density, seed, units, activation, dropout),
/// its topology's facts and its trainable parameters. A <c>[SparseLayer]</c> property returns it.
/// </summary>
public interface ISparseLayer
{
    /// <summary>The layer's name (the declaring property's name in generated models).</summary>
    string Name { get; }

    /// <summary>Number of inputs <c>nin</c>.</summary>
    int Inputs { get; }

    /// <summary>Number of outputs (neurons) <c>nout</c>.</summary>
    int Units { get; }

    /// <summary>The connectivity pattern.</summary>
    ConnectivityPattern Pattern { get; }

    /// <summary>The declared density, in [0, 1].</summary>
    double Density { get; }

    /// <summary>The topology's seed.</summary>
    ulong Seed { get; }

    /// <summary>The activation applied to the layer's outputs.</summary>
    Activation Activation { get; }

    /// <summary>The slope <c>s</c> of <see cref="Activation.LeakyRelu"/> for <c>z &lt; 0</c> (finite, negative allowed); 0 for every other activation.</summary>
    double NegativeSlope { get; }

    /// <summary>Dropout rate applied to the layer's outputs during training, in [0, 1).</summary>
    double Dropout { get; }

    /// <summary>Number of edges <c>E</c> (and of weights).</summary>
    int EdgeCount { get; }

    /// <summary>The topology's FNV-1a 64 fingerprint (<see cref="Topology.Fingerprint"/>).</summary>
    ulong Fingerprint { get; }

    /// <summary>The weights, one per edge in canonical order (by output, then input).</summary>
    Parameter Weights { get; }

    /// <summary>The biases, one per output.</summary>
    Parameter Bias { get; }

    /// <summary>The kernel that runs the layer's forward and backward passes.</summary>
    ILayerKernel Kernel { get; }
}
