namespace SparseGen.Generator.Model;

/// <summary>
/// A <c>[SparseModel]</c> class as parsed: the values of its declaration and the places of the arguments that the
/// resolver (<see cref="Parsing.Resolver"/>) reports at, once topology files are read and every layer's inputs are
/// known. Only the resolved <see cref="ModelSpec"/>, without places, travels on to planning.
/// </summary>
internal sealed record ModelDraft
{
    public required TypeDeclaration Declaration { get; init; }

    /// <summary>The model's <c>Inputs</c>, or 0 when it broke a rule (the first layer's inputs are then unknown).</summary>
    public required int Inputs { get; init; }

    /// <summary>The layers in declaration order, those that broke a rule included (<see cref="LayerDraft.Failed"/>).</summary>
    public required EquatableArray<LayerDraft> Layers { get; init; }

    /// <summary>Whether parsing reported an error: the resolver then only reports, and the parser's stubs stand.</summary>
    public required bool HasErrors { get; init; }

    /// <summary>The class name's place, for model-wide diagnostics.</summary>
    public required SourceSite Class { get; init; }
}

/// <summary>One <c>[SparseLayer]</c> property as parsed: the values that need no other layer or file.</summary>
internal sealed record LayerDraft
{
    public required string Name { get; init; }

    /// <summary>True when the layer broke a rule; its units (when declared) still chain to the next layer.</summary>
    public bool Failed { get; init; }

    public Microsoft.CodeAnalysis.Accessibility Accessibility { get; init; }

    public MemberModifiers Modifiers { get; init; }

    public ConnectivityPattern Pattern { get; init; }

    public double Density { get; init; }

    public ulong Seed { get; init; }

    /// <summary>The declared <c>Units</c>, or 0 when not declared (a topology file gives them).</summary>
    public int Units { get; init; }

    public Activation Activation { get; init; }

    public double Dropout { get; init; }

    public double NegativeSlope { get; init; }

    /// <summary>The strategy the declaration asks for (<see cref="CodegenStrategy.Auto"/> when none).</summary>
    public CodegenStrategy Requested { get; init; }

    /// <summary>The topology file as the attribute names it, or null for a seeded layer.</summary>
    public string? TopologyFile { get; init; }

    public required LayerSites Sites { get; init; }
}

/// <summary>Where a layer's declaration and arguments are (each the attribute's place when the argument is absent).</summary>
internal sealed record LayerSites(SourceSite Density, SourceSite Units, SourceSite Codegen, SourceSite File);
