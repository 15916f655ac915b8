using System;
using System.Collections.Generic;
using SparseGen.Core.Random;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// One layer's step of Sparse Evolutionary Training (Mocanu et al. 2018, algorithm 1, lines 12-17; the SET
/// pseudocode of Dsouza 2020): remove the fraction zeta of the smallest positive weights and of the largest negative
/// weights, then add as many new edges at random positions that are not edges. Costs <c>O(E log E)</c> time and
/// <c>O(E)</c> memory, never <c>O(nin nout)</c> on a sparse layer.
/// </summary>
internal static class SetRewiring
{
    /// <summary>
    /// The edges the rule removes, in ascending weight index: the <c>round(zeta P)</c> smallest of the <c>P</c>
    /// positive weights, the <c>round(zeta N)</c> of the <c>N</c> negative weights closest to zero (rounding half to
    /// even), and every weight that is neither positive nor negative (zero or NaN, which the reference code's
    /// thresholds, bracketing zero, also remove). Equal weights are taken in ascending index order.
    /// </summary>
    public static int[] Removed(ReadOnlySpan<float> weights, double zeta)
    {
        var positive = new List<ulong>();
        var negative = new List<ulong>();
        var removed = new List<int>();
        for (int e = 0; e < weights.Length; e++)
        {
            float w = weights[e];
            if (w > 0)
            {
                positive.Add(Key(w, e));
            }
            else if (w < 0)
            {
                negative.Add(Key(-w, e));
            }
            else
            {
                removed.Add(e);
            }
        }

        Smallest(positive, zeta, removed);
        Smallest(negative, zeta, removed);
        int[] result = removed.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// Evolves <paramref name="topology"/> (weights in its canonical order): the edges <see cref="Removed"/> names go,
    /// and as many new edges come at positions drawn uniformly from those that no kept edge holds (a removed position
    /// may be drawn again, as in the reference code), their weights drawn from <paramref name="regrowth"/> in canonical
    /// order after every position is chosen. The edge count stays exactly the same.
    /// </summary>
    public static LayerRewiring Evolve(Topology topology, ReadOnlySpan<float> weights, double zeta, WeightLaw regrowth, Xoshiro256StarStar rng, out int removedCount)
    {
        int[] removed = Removed(weights, zeta);
        removedCount = removed.Length;
        int edges = topology.EdgeCount, kept = edges - removed.Length;
        long inputs = topology.Inputs, all = inputs * topology.Units;
        var keptCodes = new long[kept];
        var keptSources = new int[kept];
        int[] offsets = topology.RowOffsetArray, columns = topology.ColumnArray;
        for (int j = 0, k = 0, r = 0; j < topology.Units; j++)
        {
            for (int e = offsets[j]; e < offsets[j + 1]; e++)
            {
                if (r < removed.Length && removed[r] == e)
                {
                    r++;
                    continue;
                }

                keptCodes[k] = (j * inputs) + columns[e];
                keptSources[k++] = e;
            }
        }

        long[] added = Draw(keptCodes, all, removed.Length, rng);
        Array.Sort(added);
        var codes = new long[edges];
        var sources = new int[edges];
        var values = new float[edges];
        for (int n = 0, a = 0, k = 0; n < edges; n++)
        {
            if (a < added.Length && (k == kept || added[a] < keptCodes[k]))
            {
                codes[n] = added[a++];
                sources[n] = -1;
                values[n] = regrowth.Draw(rng);
            }
            else
            {
                codes[n] = keptCodes[k];
                sources[n] = keptSources[k++];
                values[n] = weights[sources[n]];
            }
        }

        return new LayerRewiring(Topology.FromCanonicalPairs(topology.Inputs, topology.Units, codes), sources, values);
    }

    /// <summary>
    /// <paramref name="count"/> distinct pair codes in [0, <paramref name="all"/>) absent from the sorted
    /// <paramref name="taken"/>, uniformly: by rejection while at least half the positions are free (expected draws
    /// below <c>2 count</c>), else by Floyd's sampling over the free positions listed, which are then fewer than
    /// <c>2 E</c>.
    /// </summary>
    private static long[] Draw(long[] taken, long all, int count, Xoshiro256StarStar rng)
    {
        var drawn = new long[count];
        long free = all - taken.Length;
        if (2 * free >= all)
        {
            var chosen = new HashSet<long>(count);
            for (int n = 0; n < count;)
            {
                long code = rng.NextInt64(all);
                if (Array.BinarySearch(taken, code) < 0 && chosen.Add(code))
                {
                    drawn[n++] = code;
                }
            }

            return drawn;
        }

        var open = new long[free];
        for (long code = 0, t = 0, f = 0; code < all; code++)
        {
            if (t < taken.Length && taken[t] == code)
            {
                t++;
            }
            else
            {
                open[f++] = code;
            }
        }

        var picked = new bool[free];
        int next = 0;
        for (long j = free - count; j < free; j++)
        {
            long t = rng.NextInt64(j + 1);
            long pick = picked[t] ? j : t;
            picked[pick] = true;
            drawn[next++] = open[pick];
        }

        return drawn;
    }

    /// <summary>Adds the weight indices of the <c>round(zeta * count)</c> smallest keys to <paramref name="removed"/>.</summary>
    private static void Smallest(List<ulong> keys, double zeta, List<int> removed)
    {
        int count = (int)Math.Round(zeta * keys.Count, MidpointRounding.ToEven);
        if (count == 0)
        {
            return;
        }

        ulong[] sorted = keys.ToArray();
        Array.Sort(sorted);
        for (int k = 0; k < count; k++)
        {
            removed.Add((int)(uint)sorted[k]);
        }
    }

    /// <summary>A sort key of a positive magnitude and its index: the float's bits order like its value.</summary>
    private static ulong Key(float magnitude, int index) => ((ulong)BitConverter.SingleToUInt32Bits(magnitude) << 32) | (uint)index;
}
