namespace SparseGen.Core.Random;

/// <summary>
/// Robert Floyd's algorithm (Bentley and Floyd 1987, "Programming pearls: a sample of brilliance"): <c>k</c>
/// distinct integers drawn uniformly from [0, <c>n</c>) in <c>k</c> draws, whatever <c>k / n</c> is.
/// </summary>
internal static class SampleWithoutReplacement
{
    /// <summary>Marks <paramref name="count"/> distinct values of [0, <paramref name="population"/>) in <paramref name="chosen"/> (cleared first) and returns them in draw order.</summary>
    public static int[] Draw(int population, int count, Xoshiro256StarStar rng, bool[] chosen)
    {
        System.Array.Clear(chosen, 0, population);
        var drawn = new int[count];
        int next = 0;
        for (int j = population - count; j < population; j++)
        {
            int t = rng.NextInt(j + 1);
            int pick = chosen[t] ? j : t;
            chosen[pick] = true;
            drawn[next++] = pick;
        }

        return drawn;
    }
}
