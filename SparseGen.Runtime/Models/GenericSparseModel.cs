using System;
using System.Collections.Generic;
using System.Linq;

namespace SparseGen;

/// <summary>
/// A sparse model built at run time from <see cref="Topology"/> objects and run by the generic
/// <see cref="CsrLayerKernel"/>: for topologies not known when the program is compiled, and as the
/// reference the generated models are measured against.
/// </summary>
public sealed class GenericSparseModel : ISparseModel
{
    /// <summary>Creates a model from layer specifications, building each topology with <see cref="Topology.Create"/>, and initialises it with <paramref name="initSeed"/>.</summary>
    /// <param name="inputs">Number of input features.</param>
    /// <param name="layers">The layers in order.</param>
    /// <param name="initSeed">Seed of the weight initialisation.</param>
    /// <exception cref="ArgumentException">A specification is invalid (see <see cref="Topology.Create"/>) or there is no layer.</exception>
    public GenericSparseModel(int inputs, IReadOnlyList<LayerSpec> layers, ulong initSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var built = new List<SparseLayer>(layers.Count);
        int previous = inputs;
        foreach (LayerSpec spec in layers)
        {
            Topology topology = Topology.Create(spec.Pattern, previous, spec.Units, spec.Density, unchecked((ulong)spec.Seed));
            built.Add(new SparseLayer(spec.Name, new CsrLayerKernel(topology), spec.Pattern, spec.Density, spec.Seed, spec.Activation, spec.Dropout));
            previous = spec.Units;
        }

        Network = new SparseNetwork(inputs, built);
        Network.Initialize(initSeed);
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

/// <summary>A layer's declaration at run time: the same arguments as <see cref="SparseLayerAttribute"/>.</summary>
/// <param name="Name">The layer's name.</param>
/// <param name="Density">Fraction of the possible edges present, in [0, 1].</param>
/// <param name="Pattern">How the edges are chosen.</param>
/// <param name="Seed">Seed of the topology.</param>
/// <param name="Units">Number of outputs.</param>
/// <param name="Activation">Activation of the outputs.</param>
/// <param name="Dropout">Training dropout rate of the outputs, in [0, 1).</param>
public sealed record LayerSpec(string Name, double Density, ConnectivityPattern Pattern, int Seed, int Units,
    Activation Activation = Activation.Linear, double Dropout = 0);
