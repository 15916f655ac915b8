namespace SparseGen.Generator.Plan;

/// <summary>
/// What the generator serves, checked before any topology is built (docs/diagnostics.md, SPG0018). Larger
/// layers belong to the generic kernels (<c>GenericSparseModel</c>), which build their topology at run time.
/// </summary>
internal static class Limits
{
    /// <summary>The most inputs or units of a layer: every buffer of a layer, per sample, then stays far below the largest .NET array.</summary>
    public const int MaxLayerSize = 1 << 24;

    /// <summary>
    /// The most edges of a seeded-pattern layer, whose topology the generator builds for its fingerprint and degrees
    /// (its tables are rebuilt at run time, not baked: docs/learned-topologies.md).
    /// </summary>
    public const int MaxBuiltEdges = 1 << 25;

    /// <summary>
    /// The most edges of a topology file: the generator reads every entry and bakes the tables into the assembly,
    /// about 1.3 bytes of source an edge (<c>TableEncoding</c>), plus 5.3 for a real file's values.
    /// </summary>
    public const int MaxFileEdges = 1 << 24;

    /// <summary>The most hidden activations of a model per sample (the sum of every layer's units but the last).</summary>
    public const int MaxHiddenUnits = 1 << 28;
}
