using System;
using System.Linq;

namespace SparseGen.Networks.Evolution;

/// <summary>
/// One layer's step of neuron pruning (NPSET, Liu, Mocanu and Pechenizkiy 2019, section 3): which hidden neurons a
/// rule names, and the two <see cref="LayerRewiring"/>s that take them, with all their edges, out of the layer they
/// belong to and of the layer they feed. <c>NeuronPruning</c> says when, and by which rule, <c>SparseEvolution</c> runs it.
/// </summary>
internal static class NeuronPruningLayerStep
{
    /// <summary>
    /// The <c>round(alpha n)</c> (half to even; at most <c>n - 1</c>) of the layer's <c>n</c> units with the fewest
    /// connections, ascending. "Connections" are the outgoing ones, a unit's fan-out in <paramref name="next"/> (the paper
    /// removes "the hidden layer neurons with very few output connections", sections 1 and 3.1); ties go to the fewer
    /// incoming connections (fan-in in <paramref name="layer"/>), then to the lower index.
    /// </summary>
    public static int[] FewestConnections(Topology layer, Topology next, double alpha)
    {
        int units = layer.Units;
        int count = Math.Min((int)Math.Round(alpha * units, MidpointRounding.ToEven), units - 1);
        int[] order = Enumerable.Range(0, units).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = next.FanOut(a).CompareTo(next.FanOut(b));
            c = c != 0 ? c : layer.FanIn(a).CompareTo(layer.FanIn(b));
            return c != 0 ? c : a.CompareTo(b);
        });
        int[] lowest = order[..count];
        Array.Sort(lowest);
        return lowest;
    }

    /// <summary>
    /// Importance pruning: the units whose summed absolute incoming weight is at or below the
    /// <paramref name="percentile"/>-th percentile of those sums (numpy's default, linear interpolation between the
    /// closest ranks), ascending; at least one unit always stays (the one with the largest sum, the lowest index among equals).
    /// </summary>
    public static int[] Importance(Topology layer, ReadOnlySpan<float> weights, double percentile)
    {
        int units = layer.Units;
        var sums = new double[units];
        ReadOnlySpan<int> offsets = layer.RowOffsets;
        for (int j = 0; j < units; j++)
        {
            double sum = 0;
            for (int e = offsets[j]; e < offsets[j + 1]; e++)
            {
                sum += Math.Abs(weights[e]);
            }

            sums[j] = sum;
        }

        double threshold = Percentile(sums, percentile);
        int[] below = Enumerable.Range(0, units).Where(j => sums[j] <= threshold).ToArray();
        if (below.Length < units)
        {
            return below;
        }

        int keep = 0;
        for (int j = 1; j < units; j++)
        {
            keep = sums[j] > sums[keep] ? j : keep;
        }

        return below.Where(j => j != keep).ToArray();
    }

    /// <summary>
    /// The <paramref name="percentile"/>-th percentile of <paramref name="values"/> as numpy computes it by default:
    /// the sorted values at rank <c>p (n - 1) / 100</c>, linearly interpolated between the two ranks around it.
    /// </summary>
    public static double Percentile(ReadOnlySpan<double> values, double percentile)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        double rank = percentile / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank), high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    /// <summary>
    /// Takes the units <paramref name="removed"/> (ascending, distinct) out of the layer of <paramref name="layer"/>
    /// (weights <paramref name="weights"/>, its rows and biases) and out of the inputs of the layer after it
    /// (<paramref name="next"/>, <paramref name="nextWeights"/>, its columns); the units left keep their order.
    /// </summary>
    public static (LayerRewiring Layer, LayerRewiring Next) Remove(Topology layer, ReadOnlySpan<float> weights, Topology next, ReadOnlySpan<float> nextWeights, int[] removed)
    {
        int units = layer.Units, left = units - removed.Length;
        var newIndex = new int[units];
        var unitSource = new int[left];
        for (int j = 0, r = 0, n = 0; j < units; j++)
        {
            if (r < removed.Length && removed[r] == j)
            {
                newIndex[j] = -1;
                r++;
            }
            else
            {
                newIndex[j] = n;
                unitSource[n++] = j;
            }
        }

        // The layer loses the rows of the removed units; a row keeps its order, so the codes stay sorted.
        ReadOnlySpan<int> offsets = layer.RowOffsets, columns = layer.Columns;
        int rowEdges = 0;
        foreach (int j in unitSource)
        {
            rowEdges += offsets[j + 1] - offsets[j];
        }

        var rowCodes = new long[rowEdges];
        var rowSources = new int[rowEdges];
        for (int n = 0, k = 0; n < left; n++)
        {
            int j = unitSource[n];
            for (int e = offsets[j]; e < offsets[j + 1]; e++, k++)
            {
                rowCodes[k] = ((long)n * layer.Inputs) + columns[e];
                rowSources[k] = e;
            }
        }

        // The next layer loses the columns of the removed units; renumbering inputs in order keeps each row sorted.
        ReadOnlySpan<int> nextOffsets = next.RowOffsets, nextColumns = next.Columns;
        int columnEdges = 0;
        foreach (int i in nextColumns)
        {
            columnEdges += newIndex[i] >= 0 ? 1 : 0;
        }

        var columnCodes = new long[columnEdges];
        var columnSources = new int[columnEdges];
        for (int j = 0, k = 0; j < next.Units; j++)
        {
            for (int e = nextOffsets[j]; e < nextOffsets[j + 1]; e++)
            {
                if (newIndex[nextColumns[e]] >= 0)
                {
                    columnCodes[k] = ((long)j * left) + newIndex[nextColumns[e]];
                    columnSources[k++] = e;
                }
            }
        }

        return (Rewiring(Topology.FromCanonicalPairs(layer.Inputs, left, rowCodes), rowSources, weights, unitSource),
            Rewiring(Topology.FromCanonicalPairs(left, next.Units, columnCodes), columnSources, nextWeights, null));
    }

    private static LayerRewiring Rewiring(Topology topology, int[] sources, ReadOnlySpan<float> weights, int[]? unitSource)
    {
        var values = new float[sources.Length];
        LayerRewiring.Gather(weights, sources, values);
        return new LayerRewiring(topology, sources, values, unitSource);
    }
}
