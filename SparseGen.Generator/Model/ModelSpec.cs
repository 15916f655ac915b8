using System.Linq;
using Microsoft.CodeAnalysis;

namespace SparseGen.Generator.Model;

/// <summary>
/// A valid <c>[SparseModel]</c> class, as plain values: no symbol, syntax node, location or compilation, so an
/// edit that does not change these values leaves the output cached.
/// </summary>
internal sealed record ModelSpec
{
    /// <summary>Where the model's generated part goes (a class directly in a namespace).</summary>
    public required TypeDeclaration Declaration { get; init; }

    /// <summary>Input features of the first layer.</summary>
    public required int Inputs { get; init; }

    /// <summary>The layers in declaration order; at least one.</summary>
    public required EquatableArray<LayerModel> Layers { get; init; }

    /// <summary>Units of the last layer: the model's outputs.</summary>
    public int Outputs => Layers[Layers.Count - 1].Units;

    /// <summary>Throwing bodies for the model's layer properties, for when its code cannot be generated.</summary>
    public StubSpec ToStubs() => new()
    {
        Declaration = Declaration,
        Properties = new EquatableArray<PropertyStub>(Layers.Select(l => new PropertyStub
        {
            Name = l.Name,
            Accessibility = l.Accessibility,
            Modifiers = l.Modifiers,
            TypeName = PropertyStub.LayerTypeName,
        })),
    };
}

/// <summary>One valid <c>[SparseLayer]</c> property.</summary>
internal sealed record LayerModel
{
    /// <summary>The property's name (without <c>@</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The property's declared accessibility.</summary>
    public required Accessibility Accessibility { get; init; }

    /// <summary>Modifiers the implementation repeats (only <see cref="MemberModifiers.New"/> is allowed on a valid layer).</summary>
    public MemberModifiers Modifiers { get; init; }

    /// <summary>What the layer's topology is built from.</summary>
    public required ConnectivitySpec Connectivity { get; init; }

    /// <summary>Declared activation.</summary>
    public required Activation Activation { get; init; }

    /// <summary>Declared training dropout rate.</summary>
    public required double Dropout { get; init; }

    /// <summary>Declared slope of <see cref="Activation.LeakyRelu"/> below zero; 0 for other activations.</summary>
    public required double NegativeSlope { get; init; }

    /// <summary>The resolved code-generation strategy (never Auto).</summary>
    public required CodegenStrategy Strategy { get; init; }

    /// <summary>Why the planner chose <see cref="Strategy"/>, written into the generated source.</summary>
    public required string StrategyReason { get; init; }

    /// <summary>The topology file as the attribute names it, or null for a layer built from its pattern, density and seed.</summary>
    public string? TopologyFile { get; init; }

    /// <summary>What the topology file holds, or null for a layer built from its pattern, density and seed.</summary>
    public TopologyData? File { get; init; }

    public int Inputs => Connectivity.Inputs;

    public int Units => Connectivity.Units;
}

/// <summary>
/// The arguments of <see cref="Topology.Create"/>, in its order: a seeded layer's topology is a function of these.
/// A layer read from a topology file reports <see cref="ConnectivityPattern.ErdosRenyi"/>, the file's density
/// <c>E / (nin * nout)</c> and seed 0 (docs/learned-topologies.md); its edges are the file's.
/// </summary>
internal sealed record ConnectivitySpec(ConnectivityPattern Pattern, int Inputs, int Units, double Density, ulong Seed);
