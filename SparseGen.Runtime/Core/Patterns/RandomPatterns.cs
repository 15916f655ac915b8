using System;
using SparseGen.Core.Random;

namespace SparseGen.Core.Patterns;

/// <summary>The seeded patterns without a degree balance on both sides: <see cref="ConnectivityPattern.ErdosRenyi"/> and <see cref="ConnectivityPattern.RandomRegular"/>.</summary>
internal static class RandomPatterns
{
    /// <summary>
    /// Erdős–Rényi with a fixed edge count (Bourely 2017, section 3.1.1, with the count fixed at
    /// <c>E = round(d * nin * nout)</c> as docs/patterns.md reads it): Floyd's sampling of <c>E</c> distinct pair codes
    /// <c>j * nin + i</c>; above half of the pairs, the complement is sampled instead. <c>O(E log E)</c> time and
    /// <c>O(E)</c> memory: the draws are kept and sorted, never a scan of the <c>nin nout</c> pairs (the complement's
    /// scan runs only when <c>E</c> is more than half of them).
    /// </summary>
    public static long[] ErdosRenyi(int inputs, int outputs, long edges, Xoshiro256StarStar rng)
    {
        long all = (long)inputs * outputs;
        bool complement = 2 * edges > all;
        long draws = complement ? all - edges : edges;
        var set = new EdgeSet(inputs, outputs, draws);
        long[]? picks = complement ? null : new long[edges];
        long next = 0;
        for (long j = all - draws; j < all; j++)
        {
            long t = rng.NextInt64(j + 1);
            long pick = set.Contains(t) ? j : t;
            set.Add(pick);
            if (picks is not null)
            {
                picks[next++] = pick;
            }
        }

        if (picks is not null)
        {
            // Floyd's picks are distinct: sorted, they are the canonical codes.
            Array.Sort(picks);
            return picks;
        }

        // Here E > nin nout / 2, so the scan is O(E).
        var codes = new long[edges];
        next = 0;
        for (long code = 0; code < all; code++)
        {
            if (!set.Contains(code))
            {
                codes[next++] = code;
            }
        }

        return codes;
    }

    /// <summary>
    /// Random d-regular expander (Bourely 2017, section 3.1.3): each input, in order, draws <paramref name="degree"/>
    /// distinct outputs uniformly by Floyd's algorithm. Every fan-out is exactly the degree; fan-in is binomial.
    /// </summary>
    public static long[] RandomRegular(int inputs, int outputs, int degree, Xoshiro256StarStar rng)
    {
        var codes = new long[(long)inputs * degree];
        var chosen = new bool[outputs];
        int next = 0;
        for (int i = 0; i < inputs; i++)
        {
            foreach (int j in SampleWithoutReplacement.Draw(outputs, degree, rng, chosen))
            {
                codes[next++] = ((long)j * inputs) + i;
            }
        }

        Array.Sort(codes);
        return codes;
    }
}
