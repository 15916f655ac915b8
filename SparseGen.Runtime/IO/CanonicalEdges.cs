using System;
using SparseGen.Kernels;
using SparseGen.Kernels.Generic;

namespace SparseGen.IO;

/// <summary>
/// A layer's edges in canonical order (by output, then input) and the kernel's weight slot of each canonical
/// position, as checkpoints store them. A generic kernel keeps its weights in its topology's CSR order, which is
/// canonical, so nothing is copied; for another kernel the edges are read once (two ints per edge) and, where its
/// order is not canonical (<see cref="CodegenStrategy.IndexFree"/> is shift-major), sorted into a permutation.
/// </summary>
internal sealed class CanonicalEdges
{
    private readonly Topology? _topology;
    private readonly int[] _inputs = [], _outputs = [];
    private readonly int[]? _order;

    private CanonicalEdges(ILayerKernel kernel)
    {
        if (kernel is GenericLayerKernel generic)
        {
            _topology = generic.Topology;
            return;
        }

        _inputs = new int[kernel.EdgeCount];
        _outputs = new int[kernel.EdgeCount];
        kernel.GetWeightEdges(_inputs, _outputs);
        if (!IsCanonical(_inputs, _outputs))
        {
            int[] ins = _inputs, outs = _outputs;
            _order = new int[kernel.EdgeCount];
            for (int s = 0; s < _order.Length; s++)
            {
                _order[s] = s;
            }

            Array.Sort(_order, (a, b) => outs[a] != outs[b] ? outs[a].CompareTo(outs[b]) : ins[a].CompareTo(ins[b]));
        }
    }

    /// <summary>The canonical edges of <paramref name="kernel"/>'s weights.</summary>
    public static CanonicalEdges Of(ILayerKernel kernel) => new(kernel);

    /// <summary>
    /// Writes the row-major elements <paramref name="first"/> .. of the <c>[E, 2]</c> table of canonical edges
    /// (input, output) into <paramref name="chunk"/>; <paramref name="first"/> and the chunk's length are even.
    /// </summary>
    public void CopyPairs(long first, Span<int> chunk)
    {
        int edge = checked((int)(first / 2));
        if (_topology is null)
        {
            for (int k = 0; k < chunk.Length / 2; k++, edge++)
            {
                int slot = _order is null ? edge : _order[edge];
                chunk[2 * k] = _inputs[slot];
                chunk[(2 * k) + 1] = _outputs[slot];
            }

            return;
        }

        // The row of the first edge; empty rows share its offset, so the loop below steps past them.
        int[] offsets = _topology.RowOffsetArray, columns = _topology.ColumnArray;
        int row = Array.BinarySearch(offsets, edge);
        row = row < 0 ? ~row - 1 : row;
        for (int k = 0; k < chunk.Length / 2; k++, edge++)
        {
            while (offsets[row + 1] <= edge)
            {
                row++;
            }

            chunk[2 * k] = columns[edge];
            chunk[(2 * k) + 1] = row;
        }
    }

    /// <summary>Writes the values of <paramref name="slots"/> (in the kernel's weight order) at canonical positions <paramref name="first"/> .. into <paramref name="chunk"/>.</summary>
    public void Gather(float[] slots, long first, Span<float> chunk)
    {
        if (_order is null)
        {
            slots.AsSpan(checked((int)first), chunk.Length).CopyTo(chunk);
            return;
        }

        for (int k = 0; k < chunk.Length; k++)
        {
            chunk[k] = slots[_order[first + k]];
        }
    }

    /// <summary><paramref name="canonical"/> in the kernel's weight order: the array itself when that order is canonical, else a new one.</summary>
    public float[] InSlotOrder(float[] canonical)
    {
        if (_order is null)
        {
            return canonical;
        }

        var slots = new float[canonical.Length];
        for (int c = 0; c < _order.Length; c++)
        {
            slots[_order[c]] = canonical[c];
        }

        return slots;
    }

    private static bool IsCanonical(int[] inputs, int[] outputs)
    {
        for (int s = 1; s < inputs.Length; s++)
        {
            if (outputs[s] < outputs[s - 1] || (outputs[s] == outputs[s - 1] && inputs[s] <= inputs[s - 1]))
            {
                return false;
            }
        }

        return true;
    }
}
