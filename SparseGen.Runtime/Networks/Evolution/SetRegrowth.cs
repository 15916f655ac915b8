using System;
using System.Collections.Generic;
using System.Threading;
using SparseGen.Core;
using SparseGen.Core.Random;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// Where a SET step's new edges go: <c>count</c> distinct pairs that no kept edge holds, uniformly, as CSR rows
/// (inputs ascending within each unit). The random draws are made one after another, in one order; the work that
/// draws nothing (looking drawn pairs up in the old topology, grouping and sorting them by unit) runs in blocks on up
/// to the given threads and gives the same rows for every thread count.
/// </summary>
internal static class SetRegrowth
{
    /// <summary>
    /// <paramref name="count"/> distinct pairs that none of the <paramref name="kept"/> edges of
    /// <paramref name="topology"/> not <paramref name="removed"/> holds, uniformly: by rejection while at least half the
    /// pairs are free (expected draws below <c>2 count</c>), else by Floyd's sampling over the free pairs, which are then
    /// fewer than the kept edges.
    /// </summary>
    public static (int[] Offsets, int[] Columns) Positions(Topology topology, bool[] removed, int kept, int count, Xoshiro256StarStar rng, int threads)
    {
        long all = (long)topology.Inputs * topology.Units, free = all - kept;
        return 2 * free >= all ? ByRejection(topology, removed, count, rng, threads) : FromFreePairs(topology, removed, (int)free, count, rng);
    }

    /// <summary>
    /// Draws pair codes <c>j nin + i</c> uniformly and keeps each that is free and new, until <paramref name="count"/>
    /// are kept. Fewer than <paramref name="count"/> pairs can be kept from that many draws, so the first
    /// <paramref name="count"/> draws are made at once, grouped by unit and checked against each unit's old inputs in
    /// one pass; the few draws still needed then follow one at a time, as the rejection loop would make them.
    /// </summary>
    private static (int[] Offsets, int[] Columns) ByRejection(Topology topology, bool[] removed, int count, Xoshiro256StarStar rng, int threads)
    {
        int inputs = topology.Inputs, units = topology.Units;
        long all = (long)inputs * units;
        int bits = Xoshiro256StarStar.BitsFor(all);
        var drawn = new long[count];
        for (int n = 0; n < count; n++)
        {
            drawn[n] = rng.NextInt64(all, bits);
        }

        // The draws grouped by unit, in slots rows[j] .. rows[j + 1] - 1, each unit's filled from its end.
        var rows = new int[units + 1];
        ParallelBlocks.Run(count, threads, (from, to) =>
        {
            for (int n = from; n < to; n++)
            {
                Interlocked.Increment(ref rows[(drawn[n] / inputs) + 1]);
            }
        });
        PrefixSum(rows);
        var grouped = new int[count];
        ParallelBlocks.Run(count, threads, (from, to) =>
        {
            for (int n = from; n < to; n++)
            {
                int j = (int)(drawn[n] / inputs);
                grouped[Interlocked.Decrement(ref rows[j + 1])] = (int)(drawn[n] - ((long)j * inputs));
            }
        });

        // The slots were filled from each unit's end, so rows[j + 1] is now unit j's start.
        Array.Copy(rows, 1, rows, 0, units);
        rows[units] = count;
        var distinct = new int[units];
        int[] offsets = topology.RowOffsetArray, columns = topology.ColumnArray;
        ParallelBlocks.Run(units, threads, (from, to) =>
        {
            for (int j = from; j < to; j++)
            {
                distinct[j] = FreeDistinct(grouped.AsSpan(rows[j], rows[j + 1] - rows[j]), columns, offsets[j], offsets[j + 1], removed);
            }
        });

        long[] later = DrawRest(topology, removed, rows, grouped, distinct, count, rng);
        return Merged(units, inputs, rows, grouped, distinct, later, threads);
    }

    /// <summary>The draws still needed after the first ones kept <paramref name="distinct"/> pairs per unit, one at a time, sorted.</summary>
    private static long[] DrawRest(Topology topology, bool[] removed, int[] rows, int[] grouped, int[] distinct, int count, Xoshiro256StarStar rng)
    {
        int inputs = topology.Inputs, have = 0;
        foreach (int d in distinct)
        {
            have += d;
        }

        long all = (long)inputs * topology.Units;
        int bits = Xoshiro256StarStar.BitsFor(all);
        var chosen = new HashSet<long>();
        while (have + chosen.Count < count)
        {
            long code = rng.NextInt64(all, bits);
            int j = (int)(code / inputs);
            if (!Holds(topology, removed, code) && Array.BinarySearch(grouped, rows[j], distinct[j], (int)(code - ((long)j * inputs))) < 0)
            {
                chosen.Add(code);
            }
        }

        var later = new long[chosen.Count];
        chosen.CopyTo(later);
        Array.Sort(later);
        return later;
    }

    /// <summary>The CSR rows of the first draws' distinct pairs and the <paramref name="later"/> ones (sorted codes), unit by unit.</summary>
    private static (int[] Offsets, int[] Columns) Merged(int units, int inputs, int[] rows, int[] grouped, int[] distinct, long[] later, int threads)
    {
        var offsets = new int[units + 1];
        foreach (long code in later)
        {
            offsets[(code / inputs) + 1]++;
        }

        for (int j = 0; j < units; j++)
        {
            offsets[j + 1] += offsets[j] + distinct[j];
        }

        var columns = new int[offsets[units]];
        ParallelBlocks.Run(units, threads, (from, to) =>
        {
            int l = Array.BinarySearch(later, (long)from * inputs);
            l = l < 0 ? ~l : l; // the first later pair in unit from or after it
            for (int j = from; j < to; j++)
            {
                long rowStart = (long)j * inputs;
                int g = rows[j], gEnd = g + distinct[j];
                for (int n = offsets[j]; n < offsets[j + 1]; n++)
                {
                    columns[n] = l < later.Length && later[l] - rowStart < inputs && (g == gEnd || later[l] - rowStart < grouped[g])
                        ? (int)(later[l++] - rowStart)
                        : grouped[g++];
                }
            }
        });

        return (offsets, columns);
    }

    /// <summary>
    /// Floyd's sampling of <paramref name="count"/> of the <paramref name="free"/> pairs that no kept edge holds, read
    /// off a scan of every pair in canonical order (<c>O(nin nout)</c>, under twice the kept edges here).
    /// </summary>
    private static (int[] Offsets, int[] Columns) FromFreePairs(Topology topology, bool[] removed, int free, int count, Xoshiro256StarStar rng)
    {
        var chosen = new bool[free];
        SampleWithoutReplacement.Draw(free, count, rng, chosen);
        int inputs = topology.Inputs, units = topology.Units;
        int[] oldOffsets = topology.RowOffsetArray, oldColumns = topology.ColumnArray;
        var offsets = new int[units + 1];
        var columns = new int[count];
        int n = 0, f = 0;
        for (int j = 0; j < units; j++)
        {
            int e = oldOffsets[j], end = oldOffsets[j + 1];
            for (int i = 0; i < inputs; i++)
            {
                while (e < end && (removed[e] || oldColumns[e] < i))
                {
                    e++;
                }

                if ((e == end || oldColumns[e] != i) && chosen[f++])
                {
                    columns[n++] = i;
                }
            }

            offsets[j + 1] = n;
        }

        return (offsets, columns);
    }

    /// <summary>Whether a kept edge of <paramref name="topology"/> (one not <paramref name="removed"/>) holds the pair <paramref name="code"/>.</summary>
    private static bool Holds(Topology topology, bool[] removed, long code)
    {
        int inputs = topology.Inputs, j = (int)(code / inputs), start = topology.RowOffsetArray[j];
        int e = Array.BinarySearch(topology.ColumnArray, start, topology.RowOffsetArray[j + 1] - start, (int)(code - ((long)j * inputs)));
        return e >= 0 && !removed[e];
    }

    /// <summary>
    /// Sorts <paramref name="drawn"/>, a unit's drawn inputs, and moves to its front each input drawn once or more that
    /// no kept edge of the unit (<paramref name="columns"/> <c>[start, end)</c>, not <paramref name="removed"/>) holds;
    /// returns how many there are.
    /// </summary>
    private static int FreeDistinct(Span<int> drawn, int[] columns, int start, int end, bool[] removed)
    {
        drawn.Sort();
        int free = 0;
        for (int k = 0, e = start; k < drawn.Length; k++)
        {
            int i = drawn[k];
            while (e < end && columns[e] < i)
            {
                e++;
            }

            bool held = e < end && columns[e] == i && !removed[e];
            if (!held && (free == 0 || drawn[free - 1] != i))
            {
                drawn[free++] = i;
            }
        }

        return free;
    }

    private static void PrefixSum(int[] values)
    {
        for (int k = 1; k < values.Length; k++)
        {
            values[k] += values[k - 1];
        }
    }
}
