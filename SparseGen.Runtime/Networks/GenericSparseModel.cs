using System;
using System.Collections.Generic;
using System.Linq;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;
using SparseGen.Networks;

namespace SparseGen;

/// <summary>
/// A sparse model built at run time from <see cref="Topology"/> objects and run by the generic kernels, which read
/// the topology's indices at run time (<see cref="CsrLayerKernel"/> or <see cref="EllLayerKernel"/>; dense layers
/// use <see cref="DenseLayerKernel"/>): for topologies not known when the program is compiled (including a user's
/// own edge list), and as the reference the generated models are measured against.
/// </summary>
public sealed class GenericSparseModel : ISparseModel
{
    /// <summary>Creates a model from layer specifications and initialises its weights with <paramref name="initializer"/> from <paramref name="initSeed"/>.</summary>
    /// <param name="inputs">Number of input features.</param>
    /// <param name="layers">The layers in order; each topology is <see cref="LayerSpec.Topology"/> when given, else built with <see cref="Topology.Create"/>.</param>
    /// <param name="initSeed">Seed of the weight initialisation.</param>
    /// <param name="format">The sparse format of the generic kernels.</param>
    /// <param name="initializer">The law of the first weights (<see cref="Initialize"/>); biases start at zero.</param>
    /// <exception cref="ArgumentException">A specification is invalid (see <see cref="Topology.Create"/>), a given topology's inputs are not the previous layer's units, or there is no layer.</exception>
    public GenericSparseModel(int inputs, IReadOnlyList<LayerSpec> layers, ulong initSeed = 0, SparseFormat format = SparseFormat.Csr,
        WeightInitializer initializer = WeightInitializer.GlorotUniform)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var built = new List<SparseLayer>(layers.Count);
        int previous = inputs;
        foreach (LayerSpec spec in layers)
        {
            Topology topology = spec.Topology ?? Topology.Create(spec.Pattern, previous, spec.Units, spec.Density, spec.Seed);
            if (topology.Inputs != previous || topology.Units != spec.Units)
            {
                throw new ArgumentException($"Layer '{spec.Name}' has a {topology.Inputs} x {topology.Units} topology, but {previous} inputs arrive and it declares {spec.Units} units.", nameof(layers));
            }

            // A given topology runs densely only when declared dense (density 1): a learned topology that happens to be
            // full (neuron pruning can make it so) keeps the kernel it trained with, so a resumed run computes the same bits.
            bool full = topology.EdgeCount == (long)topology.Inputs * topology.Units && (spec.Topology is null || spec.Density == 1);
            ILayerKernel kernel = full ? new DenseLayerKernel(topology.Inputs, topology.Units)
                : format == SparseFormat.Ell ? new EllLayerKernel(topology)
                : new CsrLayerKernel(topology);
            built.Add(new SparseLayer(spec.Name, kernel, spec.Pattern, spec.Density, spec.Seed, spec.Activation, spec.Dropout, spec.NegativeSlope));
            previous = spec.Units;
            LargeGarbage.Release(topology.EdgeCount);
        }

        Network = new SparseNetwork(inputs, built);
        Network.Initialize(initSeed, initializer);
    }

    /// <inheritdoc />
    public SparseNetwork Network { get; }

    /// <inheritdoc />
    public int InputCount => Network.InputCount;

    /// <inheritdoc />
    public int OutputCount => Network.OutputCount;

    /// <inheritdoc />
    public IReadOnlyList<ISparseLayer> Layers => Network.Layers;

    /// <inheritdoc />
    public void Initialize(ulong seed, WeightInitializer initializer = WeightInitializer.GlorotUniform) => Network.Initialize(seed, initializer);

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, Span<float> output) => Network.Predict(input, output);

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> input, Span<float> output, int batchSize) => Network.Predict(input, output, batchSize);
}

/// <summary>
/// A layer's declaration at run time: what <see cref="SparseLayerAttribute"/> declares at compile time, in the
/// runtime's argument order (pattern, units, density, seed, as <see cref="Topology.Create"/>).
/// </summary>
/// <param name="Name">The layer's name.</param>
/// <param name="Pattern">How the edges are chosen.</param>
/// <param name="Units">Number of units (outputs).</param>
/// <param name="Density">Fraction of the possible edges present, in [0, 1].</param>
/// <param name="Seed">Seed of the topology.</param>
/// <param name="Activation">Activation of the outputs.</param>
/// <param name="Dropout">Training dropout rate of the outputs, in [0, 1).</param>
/// <param name="Topology">A topology to use instead of building one from the pattern (for instance <see cref="Topology.FromEdges"/>); null builds it.</param>
/// <param name="NegativeSlope">The slope of <see cref="Activation.LeakyRelu"/> below zero (<see cref="ISparseLayer.NegativeSlope"/>; <see cref="AllRelu.Slope"/> gives All-ReLU's); 0 for other activations.</param>
public sealed record LayerSpec(string Name, ConnectivityPattern Pattern, int Units, double Density, ulong Seed,
    Activation Activation = Activation.Linear, double Dropout = 0, Topology? Topology = null, double NegativeSlope = 0)
{
    /// <summary>The declaration of <paramref name="layer"/> (name, pattern, units, density, seed, activation, dropout, negative slope), on <paramref name="topology"/> when given.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public static LayerSpec Of(ISparseLayer layer, Topology? topology = null)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return new(layer.Name, layer.Pattern, topology?.Units ?? layer.Units, layer.Density, layer.Seed, layer.Activation, layer.Dropout, topology, layer.NegativeSlope);
    }
}

/// <summary>The index format of the generic kernels.</summary>
public enum SparseFormat
{
    /// <summary>Compressed sparse rows: <see cref="CsrLayerKernel"/>.</summary>
    Csr,

    /// <summary>ELLPACK, fixed-width rows: <see cref="EllLayerKernel"/>.</summary>
    Ell,
}
