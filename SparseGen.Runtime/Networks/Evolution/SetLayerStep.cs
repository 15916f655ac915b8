using System;
using System.Collections.Generic;
using System.Numerics;
using SparseGen.Core.Random;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// One layer's step of Sparse Evolutionary Training (Mocanu et al. 2018, algorithm 1, lines 12-17; the SET
/// pseudocode of Dsouza 2020): remove the fraction zeta of the smallest positive weights and of the largest negative
/// weights, then add as many new edges at random positions that are not edges. The step is a
/// <see cref="LayerRewiring"/>; <c>SparseEvolution</c> schedules the steps between epochs. Costs <c>O(E log E)</c> time and
/// <c>O(E)</c> memory, never <c>O(nin nout)</c> on a sparse layer.
/// </summary>
internal static class SetLayerStep
{
    /// <summary>
    /// The edges the rule removes, in ascending weight index: the <c>round(zeta P)</c> smallest of the <c>P</c>
    /// positive weights, the <c>round(zeta N)</c> of the <c>N</c> negative weights closest to zero (rounding half to
    /// even), and every weight that is neither positive nor negative (zero or NaN, which the reference code's
    /// thresholds, bracketing zero, also remove). Equal weights are taken in ascending index order.
    /// </summary>
    public static int[] Removed(ReadOnlySpan<float> weights, double zeta)
    {
        bool[] removed = RemovedMask(weights, zeta, out int count);
        var indices = new int[count];
        for (int e = 0, n = 0; e < removed.Length; e++)
        {
            if (removed[e])
            {
                indices[n++] = e;
            }
        }

        return indices;
    }

    /// <summary>
    /// The step on <paramref name="topology"/> (weights in its canonical order): the edges <see cref="Removed"/> names go,
    /// and as many new edges come at positions drawn uniformly from those that no kept edge holds (a removed position
    /// may be drawn again, as in the reference code), their weights drawn from <paramref name="regrowth"/> in canonical
    /// order after every position is chosen. The edge count stays exactly the same. The kept edges and the new ones
    /// are merged row by row straight into the new CSR tables: no array of pair codes for every edge.
    /// </summary>
    public static LayerRewiring Rewiring(Topology topology, ReadOnlySpan<float> weights, double zeta, WeightLaw regrowth, Xoshiro256StarStar rng, out int removedCount)
    {
        bool[] removed = RemovedMask(weights, zeta, out removedCount);
        int edges = topology.EdgeCount, units = topology.Units, kept = edges - removedCount;
        long inputs = topology.Inputs, all = inputs * units;
        long[] added = Draw(topology, removed, kept, all, removedCount, rng);
        Array.Sort(added);
        int[] offsets = topology.RowOffsetArray, oldColumns = topology.ColumnArray;
        var rowOffsets = new int[units + 1];
        var columns = new int[edges];
        var sources = new int[edges];
        var values = new float[edges];
        int n = 0, a = 0;
        for (int j = 0; j < units; j++)
        {
            long rowStart = j * inputs, rowEnd = rowStart + inputs;
            for (int e = offsets[j], end = offsets[j + 1]; ;)
            {
                while (e < end && removed[e])
                {
                    e++;
                }

                bool adds = a < added.Length && added[a] < rowEnd;
                if (e < end && (!adds || oldColumns[e] < added[a] - rowStart))
                {
                    columns[n] = oldColumns[e];
                    sources[n] = e;
                    values[n++] = weights[e++];
                }
                else if (adds)
                {
                    columns[n] = (int)(added[a++] - rowStart);
                    sources[n] = -1;
                    values[n++] = regrowth.Draw(rng);
                }
                else
                {
                    break;
                }
            }

            rowOffsets[j + 1] = n;
        }

        return new LayerRewiring(Topology.FromCanonicalCsr(topology.Inputs, units, rowOffsets, columns), sources, values);
    }

    /// <summary>
    /// <paramref name="count"/> distinct pair codes in [0, <paramref name="all"/>) that no kept edge (one of the
    /// <paramref name="kept"/> edges of <paramref name="topology"/> not <paramref name="removed"/>) holds, uniformly: by
    /// rejection while at least half the positions are free (expected draws below <c>2 count</c>; a drawn pair is looked
    /// up in its row of the old <paramref name="topology"/>), else by Floyd's sampling over the free positions listed,
    /// which are then fewer than the kept edges.
    /// </summary>
    private static long[] Draw(Topology topology, bool[] removed, int kept, long all, int count, Xoshiro256StarStar rng)
    {
        var drawn = new long[count];
        long free = all - kept;
        int inputs = topology.Inputs;
        int[] offsets = topology.RowOffsetArray, columns = topology.ColumnArray;
        if (2 * free >= all)
        {
            var chosen = new HashSet<long>(count);
            for (int n = 0; n < count;)
            {
                long code = rng.NextInt64(all);
                int j = (int)(code / inputs), start = offsets[j];
                int e = Array.BinarySearch(columns, start, offsets[j + 1] - start, (int)(code - ((long)j * inputs)));
                if ((e < 0 || removed[e]) && chosen.Add(code))
                {
                    drawn[n++] = code;
                }
            }

            return drawn;
        }

        // Here fewer than half the pairs are free, so fewer than the kept edges: an int counts them, and the scan of
        // every pair is O(E).
        var open = new long[free];
        long f = 0;
        for (int j = 0; j < topology.Units; j++)
        {
            int e = offsets[j], end = offsets[j + 1];
            for (int i = 0; i < inputs; i++)
            {
                while (e < end && (removed[e] || columns[e] < i))
                {
                    e++;
                }

                if (e == end || columns[e] != i)
                {
                    open[f++] = ((long)j * inputs) + i;
                }
            }
        }

        int[] picks = SampleWithoutReplacement.Draw((int)free, count, rng, new bool[free]);
        for (int n = 0; n < count; n++)
        {
            drawn[n] = open[picks[n]];
        }

        return drawn;
    }

    /// <summary>Marks the edges <see cref="Removed"/> names.</summary>
    private static bool[] RemovedMask(ReadOnlySpan<float> weights, double zeta, out int count)
    {
        var removed = new bool[weights.Length];
        var keys = new ulong[weights.Length];
        int positive = 0, negative = weights.Length;
        count = 0;
        for (int e = 0; e < weights.Length; e++)
        {
            float w = weights[e];
            if (w > 0)
            {
                keys[positive++] = Key(w, e);
            }
            else if (w < 0)
            {
                keys[--negative] = Key(-w, e);
            }
            else
            {
                removed[e] = true;
                count++;
            }
        }

        count += MarkSmallest(keys.AsSpan(0, positive), zeta, removed);
        count += MarkSmallest(keys.AsSpan(negative), zeta, removed);
        return removed;
    }

    /// <summary>Marks the weight indices of the <c>round(zeta * n)</c> smallest of the <c>n</c> keys; returns how many.</summary>
    private static int MarkSmallest(Span<ulong> keys, double zeta, bool[] removed)
    {
        int count = (int)Math.Round(zeta * keys.Length, MidpointRounding.ToEven);
        Select(keys, count);
        foreach (ulong key in keys[..count])
        {
            removed[(int)(uint)key] = true;
        }

        return count;
    }

    /// <summary>
    /// Reorders the distinct <paramref name="keys"/> so the <paramref name="count"/> smallest come first (in any order):
    /// quickselect with a median-of-three pivot, falling back to a sort if it partitions too often, so it is
    /// <c>O(n)</c> on average and <c>O(n log n)</c> at worst.
    /// </summary>
    private static void Select(Span<ulong> keys, int count)
    {
        int low = 0, high = keys.Length - 1, budget = 2 * (BitOperations.Log2((uint)keys.Length + 1) + 1);
        while (count > low && count <= high && high > low)
        {
            if (--budget < 0)
            {
                keys[low..(high + 1)].Sort();
                return;
            }

            ulong a = keys[low], b = keys[low + ((high - low) / 2)], c = keys[high];
            ulong pivot = Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
            int i = low, j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            // Now keys[low..j] <= pivot <= keys[i..high], and keys[j + 1 .. i - 1] equal the pivot.
            if (count <= j)
            {
                high = j;
            }
            else if (count >= i)
            {
                low = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>A sort key of a positive magnitude and its index: the float's bits order like its value.</summary>
    private static ulong Key(float magnitude, int index) => ((ulong)BitConverter.SingleToUInt32Bits(magnitude) << 32) | (uint)index;
}
