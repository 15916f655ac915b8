#if !SPARSEGEN_GENERATOR
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseGen.Core;

/// <summary>
/// The AVX transpose of an 8 x 8 block of floats in registers, shared by the dense kernels (<c>DenseMath</c>) and the
/// feature-major batch gather (<c>FeatureMajor</c>). Runtime only: the generator, which links Core as netstandard2.0
/// source, has no AVX.
/// </summary>
internal static class Transpose8x8
{
    /// <summary>
    /// Writes the transpose of the block whose rows are <paramref name="a0"/> .. <paramref name="a7"/>: column m of the
    /// block goes to <c>destination[m * stride .. + 8]</c>. Callers check <see cref="Avx.IsSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
        Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7, ref float destination, int stride)
    {
        Vector256<float> t0 = Avx.UnpackLow(a0, a1), t1 = Avx.UnpackHigh(a0, a1), t2 = Avx.UnpackLow(a2, a3), t3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> t4 = Avx.UnpackLow(a4, a5), t5 = Avx.UnpackHigh(a4, a5), t6 = Avx.UnpackLow(a6, a7), t7 = Avx.UnpackHigh(a6, a7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        nuint s = (nuint)stride;
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, s);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, 2 * s);
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, 3 * s);
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, 4 * s);
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, 5 * s);
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, 6 * s);
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, 7 * s);
    }
}
#endif
