using SparseGen.Generator.Plan;

namespace SparseGen.Generator.Model;

/// <summary>Which <see cref="CodegenStrategy"/> a layer gets, and whether a requested one applies.</summary>
internal static class StrategyChoice
{
    /// <summary>The largest layer that may be unrolled at all: beyond it the methods pass the JIT's size limit for optimisation.</summary>
    public const int MaxUnrollEdges = 4096;

    public static bool IsRotating(ConnectivityPattern pattern) => pattern is ConnectivityPattern.RandomRotating
        or ConnectivityPattern.RegularRotating or ConnectivityPattern.LongShortRotating or ConnectivityPattern.FibonacciRotating;

    /// <summary>The strategy for a layer: <paramref name="degree"/> is the number of shifts of a rotating topology (else unused).</summary>
    public static CodegenStrategy Resolve(CodegenStrategy requested, bool rotating, int degree, int inputs, int units, long edges)
    {
        if (requested != CodegenStrategy.Auto)
        {
            return requested;
        }

        return edges == (long)inputs * units ? CodegenStrategy.Dense
            : rotating && degree <= Limits.MaxDeviceTableEntries ? CodegenStrategy.Computed
            : CodegenStrategy.Table; // Unrolled lost to Table at every size measured (README, "Code generation"), so Auto never picks it.
    }

    /// <summary>Why <paramref name="strategy"/> cannot build this layer, or null when it can; <paramref name="topology"/> names its pattern or file.</summary>
    public static string? Problem(CodegenStrategy strategy, string topology, bool rotating, int degree, int inputs, int units, long edges) => strategy switch
    {
        CodegenStrategy.Dense when edges != (long)inputs * units => $"Dense needs every edge present, but the layer has {edges} of {(long)inputs * units}",
        CodegenStrategy.Computed when !rotating => $"Computed needs a rotating pattern (RandomRotating, RegularRotating, LongShortRotating, FibonacciRotating), not {topology}",
        CodegenStrategy.Computed when degree > Limits.MaxDeviceTableEntries => $"Computed bakes the layer's {degree} shifts into its device kernels, whose constant memory holds {Limits.MaxDeviceTableEntries}",
        CodegenStrategy.Unrolled when edges > MaxUnrollEdges => $"Unrolled takes at most {MaxUnrollEdges} edges, and the layer has {edges}",
        CodegenStrategy.Unrolled when inputs > MaxUnrollEdges || units > MaxUnrollEdges => $"Unrolled writes statements for every input and unit, so it takes at most {MaxUnrollEdges} of each, and the layer is {inputs} x {units}",
        _ => null,
    };
}
