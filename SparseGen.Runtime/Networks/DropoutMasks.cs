using System;
using System.Runtime.Intrinsics;
using SparseGen.Core.Random;

namespace SparseGen.Networks;

/// <summary>
/// The host's dropout masks of a training batch (inverted dropout, Srivastava et al. 2014): each output is zeroed with
/// probability <c>rate</c> (to 1/65536: each 64-bit draw decides four outputs by its 16-bit quarters, in the order of
/// the whole batch's <c>[units, batch]</c> layout), the rest scaled by <c>1 / (1 - rate)</c> (<see cref="Dropout"/>).
/// </summary>
internal static class DropoutMasks
{
    /// <summary>Draws layer <paramref name="l"/>'s mask for the whole batch from <paramref name="rng"/>; each chunk keeps its columns of the factors for the forward and backward passes.</summary>
    public static void Draw(Xoshiro256StarStar rng, SparseLayer layer, int l, TrainingChunk[] chunks)
    {
        float keep = Dropout.KeepScale(layer.Dropout);
        uint threshold = (uint)Dropout.Threshold(layer.Dropout);
        Vector128<float> keeps = Vector128.Create(keep);
        Vector128<uint> thresholds = Vector128.Create(threshold);
        ulong bits = 0;
        int k = 0;
        for (int j = 0; j < layer.Units; j++)
        {
            foreach (TrainingChunk chunk in chunks)
            {
                Span<float> mask = chunk.Masks[l].Span.Slice(j * chunk.Size, chunk.Size);
                int b = 0;
                for (; b < mask.Length && (k & 3) != 0; b++, k++)
                {
                    mask[b] = (uint)((bits >> (16 * (k & 3))) & 0xFFFF) < threshold ? 0f : keep;
                }

                // Four outputs per draw, its quarters widened side by side.
                for (; b + 4 <= mask.Length; b += 4, k += 4)
                {
                    bits = rng.NextUInt64();
                    Vector128<uint> quarters = Vector128.WidenLower(Vector128.CreateScalarUnsafe(bits).AsUInt16());
                    Vector128.ConditionalSelect(Vector128.LessThan(quarters, thresholds).AsSingle(), Vector128<float>.Zero, keeps).CopyTo(mask.Slice(b, 4));
                }

                for (; b < mask.Length; b++, k++)
                {
                    if ((k & 3) == 0)
                    {
                        bits = rng.NextUInt64();
                    }

                    mask[b] = (uint)((bits >> (16 * (k & 3))) & 0xFFFF) < threshold ? 0f : keep;
                }
            }
        }
    }
}
