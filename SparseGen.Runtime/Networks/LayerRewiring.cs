using System;
using SparseGen.Core;

namespace SparseGen.Networks;

/// <summary>
/// A new topology for one layer and where each of its parameters comes from, for <see cref="SparseNetwork.Rewire"/>:
/// adaptive sparse connectivity (SET moves edges, NPSET removes neurons) describes each change as one of these.
/// </summary>
/// <param name="Topology">The layer's new topology; its canonical edge order is the new weight order.</param>
/// <param name="WeightSource">Length <c>E'</c>: for each new edge, the index of the old weight it keeps (old canonical order), or -1 for a new edge.</param>
/// <param name="Weights">Length <c>E'</c>: the new weights, in the new canonical order (kept values and new edges' fresh values).</param>
/// <param name="UnitSource">Length <c>nout'</c>: for each new unit, the old unit it keeps (its bias moves with it); null when the units stay as they are.</param>
public sealed record LayerRewiring(Topology Topology, int[] WeightSource, float[] Weights, int[]? UnitSource = null)
{
    /// <summary>
    /// Writes <c>result[k] = values[source[k]]</c>, or 0 where <c>source[k]</c> is -1: how a parameter, or an
    /// optimizer slot of it, follows a rewiring (a new edge starts with zero optimizer state).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not as long as <paramref name="source"/>.</exception>
    /// <exception cref="IndexOutOfRangeException">A source index is outside <paramref name="values"/>.</exception>
    public static void Gather(ReadOnlySpan<float> values, ReadOnlySpan<int> source, Span<float> result)
    {
        Checks.Length(nameof(result), result.Length, source.Length);
        for (int k = 0; k < source.Length; k++)
        {
            result[k] = source[k] < 0 ? 0f : values[source[k]];
        }
    }
}
