using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SparseGen.Data;

/// <summary>Gathers sample-major rows into a feature-major batch, the layout every kernel reads.</summary>
internal static class FeatureMajor
{
    /// <summary>
    /// <c>destination[f * batch + b] = features[samples[b] * featureCount + f]</c>, <c>batch = samples.Length</c>:
    /// eight samples by eight features at a time, transposed in registers, so each store writes eight consecutive values.
    /// </summary>
    /// <remarks>The caller checks that every sample index is in range and that <paramref name="destination"/> holds <c>featureCount * batch</c> values.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> samples, Span<float> destination)
    {
        int batch = samples.Length;
        int blockedSamples = Avx.IsSupported ? batch & ~7 : 0, blockedFeatures = featureCount & ~7;
        ref float source = ref MemoryMarshal.GetReference(features);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (int b = 0; b < blockedSamples; b += 8)
        {
            ref float r0 = ref Row(ref source, samples[b], featureCount), r1 = ref Row(ref source, samples[b + 1], featureCount);
            ref float r2 = ref Row(ref source, samples[b + 2], featureCount), r3 = ref Row(ref source, samples[b + 3], featureCount);
            ref float r4 = ref Row(ref source, samples[b + 4], featureCount), r5 = ref Row(ref source, samples[b + 5], featureCount);
            ref float r6 = ref Row(ref source, samples[b + 6], featureCount), r7 = ref Row(ref source, samples[b + 7], featureCount);
            for (int f = 0; f < blockedFeatures; f += 8)
            {
                nuint at = (nuint)f;
                Transpose(
                    Vector256.LoadUnsafe(ref r0, at), Vector256.LoadUnsafe(ref r1, at), Vector256.LoadUnsafe(ref r2, at), Vector256.LoadUnsafe(ref r3, at),
                    Vector256.LoadUnsafe(ref r4, at), Vector256.LoadUnsafe(ref r5, at), Vector256.LoadUnsafe(ref r6, at), Vector256.LoadUnsafe(ref r7, at),
                    ref Unsafe.Add(ref d, ((nint)f * batch) + b), batch);
            }
        }

        // What the blocks left: the last features of the blocked samples, every feature of the others.
        for (int b = 0; b < batch; b++)
        {
            ref float row = ref Row(ref source, samples[b], featureCount);
            for (int f = b < blockedSamples ? blockedFeatures : 0; f < featureCount; f++)
            {
                Unsafe.Add(ref d, ((nint)f * batch) + b) = Unsafe.Add(ref row, f);
            }
        }
    }

    private static ref float Row(ref float source, int sample, int featureCount) => ref Unsafe.Add(ref source, (nint)sample * featureCount);

    /// <summary>Writes the transpose of the 8 x 8 block whose rows are <paramref name="a0"/> .. <paramref name="a7"/>: row m goes to <c>destination[m * stride .. + 8]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3,
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
