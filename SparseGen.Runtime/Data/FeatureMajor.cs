using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SparseGen.Core;

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
                Transpose8x8.Store(
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
}
