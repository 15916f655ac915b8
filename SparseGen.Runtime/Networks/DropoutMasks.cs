using System;
using System.Linq;
using System.Runtime.Intrinsics;
using SparseGen.Core.Random;
using SparseGen.Kernels.Elementwise;

namespace SparseGen.Networks;

/// <summary>
/// The host's dropout masks of a training batch (inverted dropout, Srivastava et al. 2014), drawn by
/// <see cref="DropoutMath"/> as device kernels draw them: one key per batch from the trainer's generator, one per
/// layer from it, and element <c>j * batch + b</c>'s factor from the layer's key, so a seed gives the same masks
/// on the CPU and on every device.
/// </summary>
internal static class DropoutMasks
{
    /// <summary>
    /// Draws the batch's key from <paramref name="rng"/> (only when a layer has dropout) and fills each chunk's
    /// columns of every dropout layer's factors, for the forward and backward passes.
    /// </summary>
    public static void Draw(Xoshiro256StarStar rng, SparseLayer[] layers, TrainingChunk[] chunks, int batch)
    {
        if (!layers.Any(l => l.Dropout > 0))
        {
            return;
        }

        ulong batchKey = rng.NextUInt64();
        for (int l = 0; l < layers.Length; l++)
        {
            SparseLayer layer = layers[l];
            if (layer.Dropout <= 0)
            {
                continue;
            }

            ulong key = DropoutMath.LayerKey(batchKey, l);
            int threshold = DropoutMath.Threshold(layer.Dropout);
            float keep = DropoutMath.KeepScale(layer.Dropout);
            foreach (TrainingChunk chunk in chunks)
            {
                Span<float> mask = chunk.Masks[l].Span;
                for (int j = 0; j < layer.Units; j++)
                {
                    Fill(mask.Slice(j * chunk.Size, chunk.Size), key, (j * batch) + chunk.Start, threshold, keep);
                }
            }
        }
    }

    /// <summary>
    /// The factors of elements <paramref name="first"/> onwards: <see cref="DropoutMath.FactorOf"/>, with a whole group's
    /// four quarters compared side by side where the elements cover it.
    /// </summary>
    private static void Fill(Span<float> mask, ulong key, int first, int threshold, float keep)
    {
        int b = 0;
        for (; b < mask.Length && ((first + b) & 3) != 0; b++)
        {
            mask[b] = DropoutMath.FactorOf(DropoutMath.GroupDraw(key, first + b), first + b, threshold, keep);
        }

        Vector128<uint> thresholds = Vector128.Create((uint)threshold);
        Vector128<float> keeps = Vector128.Create(keep);
        for (; b + 4 <= mask.Length; b += 4)
        {
            ulong draw = DropoutMath.GroupDraw(key, first + b);
            Vector128<uint> quarters = Vector128.WidenLower(Vector128.CreateScalarUnsafe(draw).AsUInt16());
            Vector128.ConditionalSelect(Vector128.LessThan(quarters, thresholds).AsSingle(), Vector128<float>.Zero, keeps).CopyTo(mask.Slice(b, 4));
        }

        for (; b < mask.Length; b++)
        {
            mask[b] = DropoutMath.FactorOf(DropoutMath.GroupDraw(key, first + b), first + b, threshold, keep);
        }
    }
}
