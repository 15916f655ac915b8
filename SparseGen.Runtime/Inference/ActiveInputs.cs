using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseGen.Inference;

/// <summary>Finds the non-zero entries of an activation vector: a vector at a time, compressed with AVX-512 where the CPU has it.</summary>
internal static class ActiveInputs
{
    /// <summary>Slack that <see cref="Gather"/> may write past the last entry it reports: its buffers must be this much longer than the input.</summary>
    public const int Slack = 16;

    /// <summary>
    /// Writes the indices (ascending) and values of <paramref name="x"/>'s non-zero entries to the start of
    /// <paramref name="indices"/> and <paramref name="values"/> (each at least <c>x.Length + Slack</c> long); returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Gather(ReadOnlySpan<float> x, Span<int> indices, Span<float> values)
    {
        int count = 0;
        int i = 0;
        ref float source = ref MemoryMarshal.GetReference(x);
        ref int index = ref MemoryMarshal.GetReference(indices);
        ref float value = ref MemoryMarshal.GetReference(values);
        if (Avx512F.IsSupported)
        {
            // VCOMPRESSPS/VPCOMPRESSD pack the non-zero lanes to the front; all 16 lanes are stored (hence the slack).
            Vector512<int> lanes = Vector512<int>.Indices;
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref source, (nuint)i);
                Vector512<float> nonZero = ~Vector512.Equals(v, Vector512<float>.Zero);
                ulong mask = nonZero.ExtractMostSignificantBits();
                if (mask == 0)
                {
                    continue;
                }

                Avx512F.Compress(Vector512<float>.Zero, nonZero, v).StoreUnsafe(ref value, (nuint)count);
                Avx512F.Compress(Vector512<int>.Zero, nonZero.AsInt32(), lanes + Vector512.Create(i)).StoreUnsafe(ref index, (nuint)count);
                count += BitOperations.PopCount(mask);
            }
        }

        for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
        {
            uint mask = ~Vector256.Equals(Vector256.LoadUnsafe(ref source, (nuint)i), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
            while (mask != 0)
            {
                int k = i + BitOperations.TrailingZeroCount(mask);
                Unsafe.Add(ref index, count) = k;
                Unsafe.Add(ref value, count) = Unsafe.Add(ref source, k);
                count++;
                mask &= mask - 1;
            }
        }

        for (; i < x.Length; i++)
        {
            if (x[i] != 0)
            {
                indices[count] = i;
                values[count] = x[i];
                count++;
            }
        }

        return count;
    }
}
