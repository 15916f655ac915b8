using System;

namespace SparseGen.Core.Device;

/// <summary>
/// The k-major ELL layout of a topology that device kernels use (docs/architecture.md, "Names"): weight slot
/// <c>k * nout + j</c> holds the k-th canonical edge into output <c>j</c>, so neighbouring work-items read
/// neighbouring weights. Rows shorter than <see cref="Width"/> are padded with input -1.
/// </summary>
internal sealed class KMajorEll
{
    private KMajorEll(int width, int[] slotInputs, int inputWidth, int[] inputSlots)
    {
        Width = width;
        SlotInputs = slotInputs;
        InputWidth = inputWidth;
        InputSlots = inputSlots;
    }

    /// <summary>The largest fan-in: slots per output.</summary>
    public int Width { get; }

    /// <summary>Input of each slot, <c>[Width, nout]</c>, -1 for padding.</summary>
    public int[] SlotInputs { get; }

    /// <summary>The largest fan-out: slots per input in <see cref="InputSlots"/>.</summary>
    public int InputWidth { get; }

    /// <summary>The weight slots of each input's edges by output, <c>[InputWidth, nin]</c>, -1 for padding.</summary>
    public int[] InputSlots { get; }

    /// <summary>Builds the layout of <paramref name="topology"/>.</summary>
    public static KMajorEll Of(Topology topology)
    {
        int nin = topology.Inputs, nout = topology.Units;
        int[] offsets = topology.RowOffsetArray, columns = topology.ColumnArray;
        int width = 0, inputWidth = 0;
        for (int j = 0; j < nout; j++)
        {
            width = Math.Max(width, offsets[j + 1] - offsets[j]);
        }

        for (int i = 0; i < nin; i++)
        {
            inputWidth = Math.Max(inputWidth, topology.FanOut(i));
        }

        int[] slotInputs = Filled(checked(width * nout));
        int[] inputSlots = Filled(checked(inputWidth * nin));
        var filled = new int[nin];
        for (int j = 0; j < nout; j++)
        {
            for (int e = offsets[j]; e < offsets[j + 1]; e++)
            {
                int i = columns[e], slot = ((e - offsets[j]) * nout) + j;
                slotInputs[slot] = i;
                inputSlots[(filled[i]++ * nin) + i] = slot;
            }
        }

        return new KMajorEll(width, slotInputs, inputWidth, inputSlots);
    }

    private static int[] Filled(int length)
    {
        var values = new int[length];
        values.AsSpan().Fill(-1);
        return values;
    }
}
