using System;
using System.Linq;
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
                    int row = j * chunk.Size, element = (j * batch) + chunk.Start;
                    for (int b = 0; b < chunk.Size; b++)
                    {
                        mask[row + b] = DropoutMath.Factor(key, element + b, threshold, keep);
                    }
                }
            }
        }
    }
}
