using System;
using SparseGen.Core.Random;

namespace SparseGen.Networks;

/// <summary>The first weights of a network, as <see cref="SparseNetwork.Initialize"/> describes them.</summary>
internal static class WeightInitialization
{
    /// <summary>Draws every layer's weights in layer order from one stream seeded with <paramref name="seed"/>, and zeroes every bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initializer"/> is not a defined value.</exception>
    public static void Run(SparseLayer[] layers, ulong seed, WeightInitializer initializer)
    {
        if (!Enum.IsDefined(initializer))
        {
            throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown weight initializer.");
        }

        var rng = new Xoshiro256StarStar(seed);
        foreach (SparseLayer layer in layers)
        {
            float[] w = layer.Weights.Values;
            if (layer.EdgeCount > 0)
            {
                WeightLaw law = WeightLaw.Of(initializer, (double)layer.EdgeCount / layer.Units, (double)layer.EdgeCount / layer.Inputs);
                for (int e = 0; e < w.Length; e++)
                {
                    w[e] = law.Draw(rng);
                }
            }

            Array.Clear(layer.Bias.Values);
        }
    }
}
