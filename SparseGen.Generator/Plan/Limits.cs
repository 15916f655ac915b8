namespace SparseGen.Generator.Plan;

/// <summary>
/// What the generator serves, checked before any topology is built (docs/diagnostics.md, SPG0018). Larger
/// layers belong to the generic kernels (<c>GenericSparseModel</c>), which build their topology at run time.
/// </summary>
internal static class Limits
{
    /// <summary>The most inputs or units of a layer: every buffer of a layer, per sample, then stays far below the largest .NET array.</summary>
    public const int MaxLayerSize = 1 << 24;

    /// <summary>The most edges of a layer whose topology the generator builds (every strategy: it bakes the fingerprint and degrees).</summary>
    public const int MaxBuiltEdges = 1 << 25;

    /// <summary>
    /// The most edges of a layer whose per-edge tables are baked into the assembly (<see cref="CodegenStrategy.Table"/>):
    /// each edge costs three <c>int</c> literals the compiler parses and binds (measured in docs/diagnostics.md).
    /// </summary>
    public const int MaxBakedEdges = 1 << 20;

    /// <summary>The most hidden activations of a model per sample (the sum of every layer's units but the last).</summary>
    public const int MaxHiddenUnits = 1 << 28;

    /// <summary>
    /// Device tables (k-major ELL, padded to the largest fan-in and fan-out) are baked into the kernel text when
    /// they hold at most this many entries per edge plus <see cref="DeviceTableSlack"/>; a nearly empty layer's
    /// per-input and per-unit padding would cost more, so its device kernels read tables built at run time instead.
    /// </summary>
    public const int DeviceEntriesPerEdge = 4;

    /// <inheritdoc cref="DeviceEntriesPerEdge"/>
    public const int DeviceTableSlack = 1 << 16;
}
