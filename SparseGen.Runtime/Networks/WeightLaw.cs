using System;
using SparseGen.Core.Random;

namespace SparseGen.Networks;

/// <summary>
/// The distribution one weight is drawn from: <c>scale * U(-1, 1)</c>, or <c>scale * N(0, 1)</c> by the Box-Muller
/// transform (one of the pair). <see cref="SparseNetwork.Initialize"/> and the regrowth of adaptive connectivity share it.
/// </summary>
internal readonly record struct WeightLaw(float Scale, bool Normal)
{
    /// <summary>The law of <paramref name="initializer"/> for a layer with these (sparse) degrees; see <see cref="WeightInitializer"/>.</summary>
    public static WeightLaw Of(WeightInitializer initializer, double fanIn, double fanOut)
    {
        bool normal = initializer is WeightInitializer.GlorotNormal or WeightInitializer.HeNormal;
        double variance = initializer is WeightInitializer.GlorotUniform or WeightInitializer.GlorotNormal ? 2.0 / (fanIn + fanOut) : 2.0 / fanIn;
        return new WeightLaw((float)Math.Sqrt(normal ? variance : 3 * variance), normal);
    }

    /// <summary>Draws one weight; a zero scale gives 0 without drawing.</summary>
    public float Draw(Xoshiro256StarStar rng) => Scale == 0 ? 0f : Scale * (Normal ? StandardNormal(rng) : (2 * rng.NextSingle()) - 1);

    private static float StandardNormal(Xoshiro256StarStar rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
