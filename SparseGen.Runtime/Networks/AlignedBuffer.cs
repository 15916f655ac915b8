using System;
using System.Runtime.CompilerServices;

namespace SparseGen.Networks;

/// <summary>
/// Float buffers whose first value sits on a 64-byte boundary, so that each 32-sample row of a feature-major chunk
/// (128 bytes) fills exactly two cache lines instead of touching three: the batched sparse kernels read one such row
/// per edge (docs/benchmarks.md, "The per-batch path").
/// </summary>
internal static class AlignedBuffer
{
    private const int Alignment = 64;

    /// <summary>A zeroed buffer of <paramref name="length"/> values on the pinned object heap (it never moves, so it stays aligned).</summary>
    public static unsafe Memory<float> Allocate(int length)
    {
        if (length == 0)
        {
            return Memory<float>.Empty;
        }

        float[] array = GC.AllocateArray<float>(length + (Alignment / sizeof(float)) - 1, pinned: true);
        long address = (long)Unsafe.AsPointer(ref array[0]);
        int offset = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        return array.AsMemory(offset, length);
    }
}
