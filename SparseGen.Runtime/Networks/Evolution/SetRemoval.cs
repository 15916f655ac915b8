using System;
using SparseGen.Core;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// Which edges a SET step removes (<see cref="SetLayerStep.Removed"/> states the rule): for each sign, the weight at
/// the removal's edge is found by a radix selection over the magnitudes' 31 bits, three digits from the most
/// significant, each digit one counting pass over the weights; a last pass marks the edges below it and, of those
/// equal to it, the lowest indices. Every pass is <c>O(E)</c> and runs in blocks of edges on up to the given threads:
/// the passes count per block and add the counts in block order, so the mask does not depend on the threads.
/// </summary>
internal static class SetRemoval
{
    /// <summary>The sign bit of a weight's bits: 0 for a positive one, 1 for a negative one.</summary>
    private const int Positive = 0, Negative = 1;

    private const uint MagnitudeMask = 0x7FFFFFFF, PositiveInfinity = 0x7F800000;

    /// <summary>The digits of a magnitude, most significant first: bits 30-20, 19-9 and 8-0.</summary>
    private static readonly int[] Shifts = [20, 9, 0], Widths = [11, 11, 9];

    /// <summary>Bins of the widest digit, per sign.</summary>
    private const int Bins = 1 << 11;

    /// <summary>Marks the edges the rule removes; <paramref name="count"/> receives how many.</summary>
    public static bool[] Mask(float[] weights, double zeta, int threads, out int count)
    {
        int edges = weights.Length, blocks = ParallelBlocks.Blocks(edges, threads);
        var counts = new int[blocks][];
        var neither = new int[blocks];
        for (int b = 0; b < blocks; b++)
        {
            counts[b] = new int[2 * Bins];
        }

        // Per sign: the threshold's digits found so far, the edges below them, and how many the rule takes.
        uint[] prefix = [0, 0];
        int[] below = [0, 0], take = [0, 0];
        for (int digit = 0; digit < Shifts.Length; digit++)
        {
            int level = digit;
            ParallelBlocks.Run(edges, blocks, threads, (b, from, to) => Count(weights, from, to, level, prefix, counts[b], ref neither[b]));
            int[] total = Sum(counts);
            for (int sign = Positive; sign <= Negative; sign++)
            {
                if (digit == 0)
                {
                    int side = 0;
                    for (int d = 0; d < Bins; d++)
                    {
                        side += total[(sign * Bins) + d];
                    }

                    take[sign] = (int)Math.Round(zeta * side, MidpointRounding.ToEven);
                }

                if (take[sign] == 0)
                {
                    continue;
                }

                int bin = 0;
                while (below[sign] + total[(sign * Bins) + bin] < take[sign])
                {
                    below[sign] += total[(sign * Bins) + bin++];
                }

                prefix[sign] = (prefix[sign] << Widths[digit]) | (uint)bin;
            }
        }

        // counts now holds each block's last digits: of the edges equal to the threshold, those in the blocks before.
        var equalBefore = new int[blocks, 2];
        for (int b = 1; b < blocks; b++)
        {
            for (int sign = Positive; sign <= Negative; sign++)
            {
                equalBefore[b, sign] = equalBefore[b - 1, sign] + counts[b - 1][(sign * Bins) + (int)(prefix[sign] & ((1u << Widths[^1]) - 1))];
            }
        }

        // Per sign: magnitudes below limit go; of those equal to it, the first take - below (none when the sign takes none).
        uint[] limit = [take[Positive] > 0 ? prefix[Positive] : 0, take[Negative] > 0 ? prefix[Negative] : 0];
        var removed = new bool[edges];
        ParallelBlocks.Run(edges, blocks, threads, (b, from, to) =>
        {
            int[] rank = [equalBefore[b, Positive], equalBefore[b, Negative]];
            for (int e = from; e < to; e++)
            {
                uint bits = BitConverter.SingleToUInt32Bits(weights[e]), magnitude = bits & MagnitudeMask;
                int sign = (int)(bits >> 31);
                removed[e] = magnitude < limit[sign];
                if (Neither(magnitude))
                {
                    removed[e] = true;
                }
                else if (magnitude == limit[sign] && take[sign] > 0)
                {
                    removed[e] = rank[sign]++ < take[sign] - below[sign];
                }
            }
        });

        int zeros = 0;
        foreach (int n in neither)
        {
            zeros += n;
        }

        count = zeros + take[Positive] + take[Negative];
        return removed;
    }

    /// <summary>
    /// Counts the edges of <c>[from, to)</c> by sign and by their magnitude's digit <paramref name="level"/>, among
    /// those whose higher digits are <paramref name="prefix"/>'s (every edge at level 0, which also counts the weights
    /// of neither sign into <paramref name="neither"/>).
    /// </summary>
    private static void Count(float[] weights, int from, int to, int level, uint[] prefix, int[] counts, ref int neither)
    {
        Array.Clear(counts, 0, counts.Length);
        int shift = Shifts[level], above = shift + Widths[level];
        uint mask = (1u << Widths[level]) - 1;
        for (int e = from; e < to; e++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(weights[e]), magnitude = bits & MagnitudeMask;
            int sign = (int)(bits >> 31);
            if (Neither(magnitude))
            {
                neither += level == 0 ? 1 : 0;
            }
            else if (level == 0 || magnitude >> above == prefix[sign])
            {
                counts[(sign * Bins) + (int)((magnitude >> shift) & mask)]++;
            }
        }
    }

    private static int[] Sum(int[][] counts)
    {
        var total = new int[2 * Bins];
        foreach (int[] block in counts)
        {
            for (int k = 0; k < total.Length; k++)
            {
                total[k] += block[k];
            }
        }

        return total;
    }

    /// <summary>Whether a weight of these magnitude bits (which order like the magnitudes) is neither positive nor negative: zero or NaN.</summary>
    private static bool Neither(uint magnitude) => magnitude == 0 || magnitude > PositiveInfinity;
}
