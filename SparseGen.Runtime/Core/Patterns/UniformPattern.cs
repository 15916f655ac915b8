using System;
using System.Collections.Generic;
using SparseGen.Core.Random;

namespace SparseGen.Core.Patterns;

/// <summary>
/// The uniform sparse network (USN) of Luo 2020 (section III), built so both sides are as even as possible:
/// every fan-out is <c>floor(E/nin)</c> or <c>ceil(E/nin)</c>, every fan-in is <c>floor(E/nout)</c> or
/// <c>ceil(E/nout)</c>, and no edge repeats. The reference code of the paper makes only the larger side exact;
/// this construction (docs/patterns.md, "Patterns") makes both exact.
/// </summary>
/// <remarks>
/// Steps, all drawing from one <see cref="Xoshiro256StarStar"/>: (1) a shuffle of the inputs chooses which
/// <c>E mod nin</c> inputs get the extra edge, and a shuffle of the outputs does the same for fan-in;
/// (2) the input stubs, in input order, are matched with the output stubs in shuffled order (a configuration
/// model); (3) every repeated edge is repaired by a degree-preserving swap with a random partner edge.
/// Above density 0.5 the complement is built at <c>1 - d</c> and inverted, which keeps both degree
/// guarantees (every USN at <c>d</c> has a complement at <c>1 - d</c>, Luo 2020, section III.B) and keeps
/// the repair step fast.
/// </remarks>
internal static class UniformPattern
{
    /// <summary>Returns the sorted pair codes <c>j * nin + i</c> of <paramref name="edges"/> distinct edges.</summary>
    public static long[] Build(int inputs, int outputs, int edges, Xoshiro256StarStar rng)
    {
        long all = (long)inputs * outputs;
        if (2L * edges > all)
        {
            long[] complement = Build(inputs, outputs, (int)(all - edges), rng);
            var result = new long[edges];
            int next = 0, c = 0;
            for (long code = 0; code < all; code++)
            {
                if (c < complement.Length && complement[c] == code)
                {
                    c++;
                }
                else
                {
                    result[next++] = code;
                }
            }

            return result;
        }

        int[] sources = Stubs(inputs, edges, rng, shuffled: false);
        int[] targets = Stubs(outputs, edges, rng, shuffled: true);
        var present = new EdgeSet(inputs, outputs, edges);
        var repeated = new List<int>();
        var accepted = new List<int>(edges);
        for (int e = 0; e < edges; e++)
        {
            if (present.Add(sources[e], targets[e]))
            {
                accepted.Add(e);
            }
            else
            {
                repeated.Add(e);
            }
        }

        foreach (int e in repeated)
        {
            int partner = FindSwapPartner(e, sources, targets, accepted, present, rng);
            int a = sources[e], b = targets[e];
            int pa = sources[partner], pb = targets[partner];
            present.Remove(pa, pb);
            present.Add(a, pb);
            present.Add(pa, b);
            targets[e] = pb;
            targets[partner] = b;
            accepted.Add(e);
        }

        var codes = new long[edges];
        for (int e = 0; e < edges; e++)
        {
            codes[e] = ((long)targets[e] * inputs) + sources[e];
        }

        Array.Sort(codes);
        return codes;
    }

    /// <summary>
    /// One stub per edge end: node <c>v</c> appears <c>floor(E/n)</c> times, or once more for the
    /// <c>E mod n</c> nodes a seeded shuffle picks. In node order, or shuffled when <paramref name="shuffled"/>.
    /// </summary>
    private static int[] Stubs(int nodes, int edges, Xoshiro256StarStar rng, bool shuffled)
    {
        var order = new int[nodes];
        for (int v = 0; v < nodes; v++)
        {
            order[v] = v;
        }

        rng.Shuffle(order);
        var degree = new int[nodes];
        for (int v = 0; v < nodes; v++)
        {
            degree[v] = edges / nodes;
        }

        for (int r = 0; r < edges % nodes; r++)
        {
            degree[order[r]]++;
        }

        var stubs = new int[edges];
        int s = 0;
        for (int v = 0; v < nodes; v++)
        {
            for (int k = 0; k < degree[v]; k++)
            {
                stubs[s++] = v;
            }
        }

        if (shuffled)
        {
            rng.Shuffle(stubs);
        }

        return stubs;
    }

    /// <summary>
    /// Finds an accepted edge <c>(pa, pb)</c> such that swapping targets with the repeated edge <c>(a, b)</c>
    /// creates two new distinct edges <c>(a, pb)</c> and <c>(pa, b)</c>. Tries random partners first, then
    /// scans every accepted edge from a random start, so it always finds one when one exists.
    /// </summary>
    private static int FindSwapPartner(int e, int[] sources, int[] targets, List<int> accepted, EdgeSet present, Xoshiro256StarStar rng)
    {
        int a = sources[e], b = targets[e];
        bool Fits(int p) => !present.Contains(a, targets[p]) && !present.Contains(sources[p], b);

        for (int attempt = 0; attempt < 64; attempt++)
        {
            int p = accepted[rng.NextInt(accepted.Count)];
            if (Fits(p))
            {
                return p;
            }
        }

        int start = rng.NextInt(accepted.Count);
        for (int k = 0; k < accepted.Count; k++)
        {
            int p = accepted[(start + k) % accepted.Count];
            if (Fits(p))
            {
                return p;
            }
        }

        throw new InvalidOperationException("No degree-preserving swap removes a repeated edge; this cannot happen at density 0.5 or below.");
    }
}
