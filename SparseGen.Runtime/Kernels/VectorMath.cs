using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SparseGen.Kernels;

/// <summary>
/// The element-wise operations of the training loop (ReLU, dropout's products, adding chunk gradients) as plain SIMD
/// loops. <c>TensorPrimitives</c> computes the same values, but each of its generic operations costs the JIT 15-20 ms
/// on first use, a tenth of a short training run's first epoch; these cost about one.
/// </summary>
internal static class VectorMath
{
    /// <summary><c>destination[k] = max(source[k], 0)</c>; a NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> source, Span<float> destination)
    {
        int n = Length(source.Length, destination.Length), k = 0;
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Vector<float>.Count <= n; k += Vector<float>.Count)
            {
                Vector<float> v = Vector.LoadUnsafe(ref s, (nuint)k);
                Vector.ConditionalSelect(Vector.LessThan(v, Vector<float>.Zero), Vector<float>.Zero, v).StoreUnsafe(ref d, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            float v = Unsafe.Add(ref s, k);
            Unsafe.Add(ref d, k) = v < 0 ? 0f : v;
        }
    }

    /// <summary><c>destination[k] = a[k] * b[k]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        int n = Length(Length(a.Length, b.Length), destination.Length), k = 0;
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Vector<float>.Count <= n; k += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref x, (nuint)k) * Vector.LoadUnsafe(ref y, (nuint)k)).StoreUnsafe(ref d, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref d, k) = Unsafe.Add(ref x, k) * Unsafe.Add(ref y, k);
        }
    }

    /// <summary><c>destination[k] += source[k]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<float> source, Span<float> destination)
    {
        int n = Length(source.Length, destination.Length), k = 0;
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector.IsHardwareAccelerated)
        {
            for (; k + Vector<float>.Count <= n; k += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref d, (nuint)k) + Vector.LoadUnsafe(ref s, (nuint)k)).StoreUnsafe(ref d, (nuint)k);
            }
        }

        for (; k < n; k++)
        {
            Unsafe.Add(ref d, k) += Unsafe.Add(ref s, k);
        }
    }

    private static int Length(int first, int second) =>
        first == second ? first : throw new ArgumentException($"The spans hold {first} and {second} values; they must be the same length.");
}
