using SparseGen.Core;
using SparseGen.Core.Random;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// One layer's step of Sparse Evolutionary Training (Mocanu et al. 2018, algorithm 1, lines 12-17; the SET
/// pseudocode of Dsouza 2020): remove the fraction zeta of the smallest positive weights and of the largest negative
/// weights, then add as many new edges at random positions that are not edges. The step is a
/// <see cref="LayerRewiring"/>; <c>SparseEvolution</c> schedules the steps between epochs. Costs <c>O(E)</c> time (but
/// for sorting each unit's new inputs, a few per unit in SET's layers) and <c>O(E)</c> memory, never
/// <c>O(nin nout)</c> on a sparse layer.
/// </summary>
internal static class SetLayerStep
{
    /// <summary>
    /// The edges the rule removes, in ascending weight index: the <c>round(zeta P)</c> smallest of the <c>P</c>
    /// positive weights, the <c>round(zeta N)</c> of the <c>N</c> negative weights closest to zero (rounding half to
    /// even), and every weight that is neither positive nor negative (zero or NaN, which the reference code's
    /// thresholds, bracketing zero, also remove). Equal weights are taken in ascending index order.
    /// </summary>
    public static int[] Removed(float[] weights, double zeta)
    {
        bool[] removed = SetRemoval.Mask(weights, zeta, 1, out int count);
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
    /// are merged unit by unit straight into the new CSR tables: no array of pair codes for every edge. The work that
    /// draws nothing runs in blocks on up to <paramref name="threads"/> threads; the draws keep one order, so the step
    /// is the same, bit for bit, for every thread count.
    /// </summary>
    public static LayerRewiring Rewiring(Topology topology, float[] weights, double zeta, WeightLaw regrowth, Xoshiro256StarStar rng, out int removedCount, int threads = 1)
    {
        bool[] removed = SetRemoval.Mask(weights, zeta, threads, out removedCount);
        int edges = topology.EdgeCount, units = topology.Units;
        var (addedOffsets, addedColumns) = SetRegrowth.Positions(topology, removed, edges - removedCount, removedCount, rng, threads);
        var fresh = new float[removedCount];
        for (int a = 0; a < fresh.Length; a++)
        {
            fresh[a] = regrowth.Draw(rng);
        }

        int[] offsets = topology.RowOffsetArray, oldColumns = topology.ColumnArray;
        var rowOffsets = new int[units + 1];
        ParallelBlocks.Run(units, threads, (from, to) =>
        {
            for (int j = from; j < to; j++)
            {
                int length = addedOffsets[j + 1] - addedOffsets[j];
                for (int e = offsets[j]; e < offsets[j + 1]; e++)
                {
                    length += removed[e] ? 0 : 1;
                }

                rowOffsets[j + 1] = length;
            }
        });
        for (int j = 0; j < units; j++)
        {
            rowOffsets[j + 1] += rowOffsets[j];
        }

        var columns = new int[edges];
        var sources = new int[edges];
        var values = new float[edges];
        ParallelBlocks.Run(units, threads, (from, to) =>
        {
            for (int j = from; j < to; j++)
            {
                int e = offsets[j], end = offsets[j + 1], a = addedOffsets[j], aEnd = addedOffsets[j + 1];
                for (int n = rowOffsets[j]; n < rowOffsets[j + 1]; n++)
                {
                    while (e < end && removed[e])
                    {
                        e++;
                    }

                    if (e < end && (a == aEnd || oldColumns[e] < addedColumns[a]))
                    {
                        columns[n] = oldColumns[e];
                        sources[n] = e;
                        values[n] = weights[e++];
                    }
                    else
                    {
                        columns[n] = addedColumns[a];
                        sources[n] = -1;
                        values[n] = fresh[a++];
                    }
                }
            }
        });

        return new LayerRewiring(Topology.FromCanonicalCsr(topology.Inputs, units, rowOffsets, columns), sources, values);
    }
}
