using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Model;

/// <summary>Which <see cref="CodegenStrategy"/> a layer gets, and whether a requested one applies.</summary>
internal static class StrategyChoice
{
    /// <summary>The largest layer that may be unrolled at all: beyond it the methods pass the JIT's size limit for optimisation.</summary>
    public const int MaxUnrollEdges = 4096;

    public static bool IsRotating(ConnectivityPattern pattern) => pattern is ConnectivityPattern.RandomRotating
        or ConnectivityPattern.RegularRotating or ConnectivityPattern.LongShortRotating or ConnectivityPattern.FibonacciRotating;

    /// <summary>
    /// The largest rotating layer that Auto gives the IndexFree strategy. IndexFree's batch-1 passes are 7x to 10x the
    /// generic kernels' on the kernel suite's 784 x 250 layers, but its batched passes gather each shift-major weight per
    /// term (a stride of nin apart) and measured 0.64x to 0.82x the generic kernels at batch 32 from 784 x 250 at
    /// density 0.1 (19,600 edges) up; tables are level with the generic kernels at every batch, so Auto gives larger
    /// rotating layers tables (docs/benchmarks.md, "The generator never loses"). <c>Codegen = CodegenStrategy.IndexFree</c>
    /// still asks for it.
    /// </summary>
    public const int MaxIndexFreeEdges = 4096;

    /// <summary>The strategy for a layer and why it was chosen: <paramref name="degree"/> is the number of shifts of a rotating topology (else unused).</summary>
    public static (CodegenStrategy Strategy, string Reason) Resolve(CodegenStrategy requested, bool rotating, int degree, int inputs, int units, long edges)
    {
        if (requested != CodegenStrategy.Auto)
        {
            return (requested, "requested by the attribute's Codegen");
        }

        if (edges == (long)inputs * units)
        {
            return (CodegenStrategy.Dense, "every edge is present");
        }

        if (rotating && edges <= MaxIndexFreeEdges)
        {
            return (CodegenStrategy.IndexFree, "a rotating pattern: indices follow from its shifts, and at this size its batched passes keep up with tables");
        }

        return (CodegenStrategy.Table, rotating
            ? $"a rotating pattern of more than {MaxIndexFreeEdges} edges: IndexFree's batched passes, gathering shift-major weights, measured 0.64x to 0.82x the generic kernels at batch 32 at this size, tables keep level"
            : "indices from a seeded pattern or a file; Unrolled lost to Table at every size measured, so Auto never picks it");
    }

    /// <summary>Why <paramref name="strategy"/> cannot build this layer, or null when it can; <paramref name="topology"/> names its pattern or file.</summary>
    public static string? Problem(CodegenStrategy strategy, string topology, bool rotating, int degree, int inputs, int units, long edges) => strategy switch
    {
        CodegenStrategy.Dense when edges != (long)inputs * units => $"Dense needs every edge present, but the layer has {edges} of {(long)inputs * units}",
        CodegenStrategy.IndexFree when !rotating => $"IndexFree needs a rotating pattern (RandomRotating, RegularRotating, LongShortRotating, FibonacciRotating), not {topology}",
        CodegenStrategy.Unrolled when edges > MaxUnrollEdges => $"Unrolled takes at most {MaxUnrollEdges} edges, and the layer has {edges}",
        CodegenStrategy.Unrolled when inputs > MaxUnrollEdges || units > MaxUnrollEdges => $"Unrolled writes statements for every input and unit, so it takes at most {MaxUnrollEdges} of each, and the layer is {inputs} x {units}",
        _ => null,
    };
}
