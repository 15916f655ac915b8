using System;
using SparseGen.Kernels;

namespace SparseGen.Ilgpu.Kernels;

/// <summary>
/// A layer's column-major ELLPACK tables (Kincaid et al. 1989), built from its kernel's edges: weight slot
/// <c>k * nout + j</c> holds the k-th weight of output <c>j</c> in the kernel's weight order, so neighbouring
/// work-items read neighbouring weights; rows shorter than <see cref="Width"/> are padded with input -1.
/// </summary>
internal sealed class EllTables
{
    private EllTables(int width, int inputWidth, int[] slotOfWeight, int[] slotInputs, int[] inputSlots)
    {
        Width = width;
        InputWidth = inputWidth;
        SlotOfWeight = slotOfWeight;
        SlotInputs = slotInputs;
        InputSlots = inputSlots;
    }

    /// <summary>The largest fan-in: slots per output.</summary>
    public int Width { get; }

    /// <summary>The largest fan-out: slots listed per input in <see cref="InputSlots"/>.</summary>
    public int InputWidth { get; }

    /// <summary>The slot of each weight, in the kernel's weight order.</summary>
    public int[] SlotOfWeight { get; }

    /// <summary>The input of each slot, <c>[Width, nout]</c>, -1 for padding.</summary>
    public int[] SlotInputs { get; }

    /// <summary>The slots of each input's edges, <c>[InputWidth, nin]</c>, -1 for padding.</summary>
    public int[] InputSlots { get; }

    /// <summary>Builds the tables of <paramref name="kernel"/>'s topology in its weight order.</summary>
    /// <exception cref="OverflowException">The padded tables would hold more than <see cref="int.MaxValue"/> entries.</exception>
    public static EllTables Of(ILayerKernel kernel)
    {
        int nin = kernel.Inputs, nout = kernel.Units, edges = kernel.EdgeCount;
        var inputs = new int[edges];
        var outputs = new int[edges];
        kernel.GetWeightEdges(inputs, outputs);
        var fanIn = new int[nout];
        var fanOut = new int[nin];
        var slotOfWeight = new int[edges];
        for (int e = 0; e < edges; e++)
        {
            int j = outputs[e];
            slotOfWeight[e] = checked((fanIn[j]++ * nout) + j);
            fanOut[inputs[e]]++;
        }

        int width = Max(fanIn), inputWidth = Max(fanOut);
        int[] slotInputs = Filled(checked(width * nout));
        int[] inputSlots = Filled(checked(inputWidth * nin));
        Array.Clear(fanOut);
        for (int e = 0; e < edges; e++)
        {
            int i = inputs[e], slot = slotOfWeight[e];
            slotInputs[slot] = i;
            inputSlots[(fanOut[i]++ * nin) + i] = slot;
        }

        return new EllTables(width, inputWidth, slotOfWeight, slotInputs, inputSlots);
    }

    private static int Max(int[] values)
    {
        int max = 0;
        foreach (int v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }

    private static int[] Filled(int length)
    {
        var values = new int[length];
        values.AsSpan().Fill(-1);
        return values;
    }
}
