using System;
using System.Globalization;

namespace SparseGen.Examples.Set;

/// <summary>The checks of the network's sizes that keep a run within 32-bit limits and within memory, made before anything of their size is built.</summary>
internal static class SetNetwork
{
    /// <summary>The fewest and most classes IDX labels (bytes) can imply.</summary>
    private const int FewestClasses = 2, MostClasses = 256;

    /// <summary>Bytes a run holds per edge: weight, column index, gradient and Adam's two moments, with slack for the rewiring's scratch.</summary>
    private const long BytesPerEdge = 32;

    /// <summary>
    /// Why the network <c>features -> hidden... -> classes</c> cannot be built, or null: a layer with no edge (SET's
    /// <c>round(epsilon (nin + nout))</c> is 0), a layer of more edges than <see cref="Topology.MaxEdgeCount"/>, a batch
    /// of a layer's activations longer than an array holds, or a network larger than this process's memory. With
    /// <paramref name="classes"/> null (before the data has loaded) the output layer is checked for every class count
    /// IDX labels allow (2 to 256): refused only when none fits.
    /// </summary>
    public static string? Problem(int features, int[] hidden, int? classes, double epsilon, bool dense, int batch)
    {
        long total = 0;
        int[] sizes = [features, .. hidden];
        for (int l = 1; l <= hidden.Length + 1; l++)
        {
            bool output = l > hidden.Length;
            int inputs = sizes[l - 1];
            string name = output ? "the output layer" : $"hidden layer {l}";
            int fewest = output ? classes ?? FewestClasses : hidden[l - 1], most = output ? classes ?? MostClasses : hidden[l - 1];
            long least = Edges(inputs, fewest, epsilon, dense), largest = Edges(inputs, most, epsilon, dense);
            string shape = output && classes is null ? $"{inputs} x classes" : $"{inputs} x {most}";
            if (largest < 1)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"--epsilon {epsilon} gives {name} ({shape}) round(epsilon (nin + nout)) = 0 edges; raise --epsilon above {0.5 / ((double)inputs + most):G3} or widen the layer.");
            }

            if (least > Topology.MaxEdgeCount)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{name} ({shape}) would have {least:N0} edges, more than a layer holds ({Topology.MaxEdgeCount:N0}); lower --hidden{(dense ? string.Empty : " or --epsilon")}.");
            }

            if ((long)batch * fewest > Array.MaxLength)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{name} ({shape}) would hold a batch's activations of {batch} x {fewest:N0} = {(long)batch * fewest:N0} values, more than an array holds ({Array.MaxLength:N0}); lower --hidden or --batch-size.");
            }

            total += (least * BytesPerEdge) + (16L * fewest) + (8L * batch * fewest);
        }

        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return total > available
            ? string.Create(CultureInfo.InvariantCulture, $"the network {string.Join("-", sizes)}-{classes?.ToString(CultureInfo.InvariantCulture) ?? "classes"} needs at least {total / (1 << 20):N0} MiB, more than the {available / (1 << 20):N0} MiB this process may use; lower --hidden{(dense ? string.Empty : " or --epsilon")}.")
            : null;
    }

    /// <summary>The edges of an <paramref name="inputs"/> x <paramref name="units"/> layer: every pair when dense, else SET's Erdős–Rényi count.</summary>
    private static long Edges(int inputs, int units, double epsilon, bool dense) =>
        dense ? (long)inputs * units : ErdosRenyi.EdgeCount(inputs, units, epsilon);
}
