namespace SparseGen.Generator.Model;

/// <summary>Which <see cref="CodegenStrategy"/> a layer gets, and whether a requested one applies.</summary>
internal static class StrategyChoice
{
    /// <summary>The largest layer that may be unrolled at all: beyond it the methods pass the JIT's size limit for optimisation.</summary>
    public const int MaxUnrollEdges = 4096;

    public static bool IsRotating(ConnectivityPattern pattern) => pattern is ConnectivityPattern.RandomRotating
        or ConnectivityPattern.RegularRotating or ConnectivityPattern.LongShortRotating or ConnectivityPattern.FibonacciRotating;

    public static CodegenStrategy Resolve(CodegenStrategy requested, ConnectivityPattern pattern, int inputs, int units, long edges)
    {
        if (requested != CodegenStrategy.Auto)
        {
            return requested;
        }

        return edges == (long)inputs * units ? CodegenStrategy.Dense
            : IsRotating(pattern) ? CodegenStrategy.Computed
            : CodegenStrategy.Table; // Unrolled lost to Table at every size measured (README, "Code generation"), so Auto never picks it.
    }

    /// <summary>Why <paramref name="strategy"/> cannot build this layer, or null when it can.</summary>
    public static string? Problem(CodegenStrategy strategy, ConnectivityPattern pattern, int inputs, int units, long edges) => strategy switch
    {
        CodegenStrategy.Dense when edges != (long)inputs * units => $"Dense needs every edge present, but the layer has {edges} of {(long)inputs * units}",
        CodegenStrategy.Computed when !IsRotating(pattern) => $"Computed needs a rotating pattern (RandomRotating, RegularRotating, LongShortRotating, FibonacciRotating), not {pattern}",
        CodegenStrategy.Unrolled when edges > MaxUnrollEdges => $"Unrolled takes at most {MaxUnrollEdges} edges, and the layer has {edges}",
        CodegenStrategy.Unrolled when inputs > MaxUnrollEdges || units > MaxUnrollEdges => $"Unrolled writes statements for every input and unit, so it takes at most {MaxUnrollEdges} of each, and the layer is {inputs} x {units}",
        _ => null,
    };
}
