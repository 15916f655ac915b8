using System;
using System.Collections.Generic;
using System.Numerics;
using SparseGen.Core.Random;

namespace SparseGen.Core.Patterns;

/// <summary>
/// The rotating family of Bourely et al. 2017 (sections 3.1.2, 3.2.1-3.2.3): a 0/1 vector <c>v</c> of length
/// <c>nout</c> with <c>k</c> ones, rotated once per input, <c>B[j, i] = v[(j - i) mod nout]</c>, so input <c>i</c>
/// feeds outputs <c>(p + i) mod nout</c> for every one <c>p</c> of <c>v</c>. Every fan-out is exactly <c>k</c>.
/// With <c>nin &gt; nout</c> the windows repeat every <c>nout</c> inputs (the paper's definition).
/// </summary>
internal static class RotatingPatterns
{
    /// <summary>The positions of the ones of <c>v</c> for <paramref name="pattern"/>, ascending.</summary>
    public static int[] Ones(ConnectivityPattern pattern, int outputs, int degree, Xoshiro256StarStar rng)
    {
        int[] ones = pattern switch
        {
            ConnectivityPattern.RandomRotating => SampleWithoutReplacement.Draw(outputs, degree, rng, new bool[outputs]),
            ConnectivityPattern.RegularRotating => Regular(degree),
            ConnectivityPattern.LongShortRotating => LongShort(outputs, degree),
            ConnectivityPattern.FibonacciRotating => Fibonacci(outputs, degree),
            _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Not a rotating pattern."),
        };
        Array.Sort(ones);
        return ones;
    }

    /// <summary>The sorted pair codes <c>j * nin + i</c> of the rotation of <paramref name="ones"/>.</summary>
    public static long[] Rotate(int inputs, int outputs, int[] ones)
    {
        var codes = new long[(long)inputs * ones.Length];
        int next = 0;
        for (int i = 0; i < inputs; i++)
        {
            foreach (int p in ones)
            {
                codes[next++] = ((long)((p + i) % outputs) * inputs) + i;
            }
        }

        Array.Sort(codes);
        return codes;
    }

    /// <summary>Section 3.2.1: <c>k</c> ones then zeros.</summary>
    private static int[] Regular(int degree)
    {
        var ones = new int[degree];
        for (int p = 0; p < degree; p++)
        {
            ones[p] = p;
        }

        return ones;
    }

    /// <summary>
    /// Section 3.2.2, "k/2 ones followed by k/2 ones regularly placed between the m - k/2 positions left", read as:
    /// <c>h = ceil(k/2)</c> leading ones, then <c>s = floor(k/2)</c> ones at the centres of <c>s</c> equal
    /// segments of the remaining <c>r = nout - h</c> positions: <c>h + floor((2t + 1) r / (2s))</c>, <c>t = 0 .. s-1</c>.
    /// </summary>
    private static int[] LongShort(int outputs, int degree)
    {
        int head = (degree + 1) / 2, spread = degree / 2, rest = outputs - head;
        var ones = new int[degree];
        for (int p = 0; p < head; p++)
        {
            ones[p] = p;
        }

        for (int t = 0; t < spread; t++)
        {
            ones[head + t] = head + (int)((((2L * t) + 1) * rest) / (2L * spread));
        }

        return ones;
    }

    /// <summary>
    /// Section 3.2.3, read as: ones at index 0 and at the Fibonacci numbers 1, 2, 3, 5, 8, ... (<c>k</c> positions
    /// in all). When the largest exceeds <c>nout - 1</c>, every position is scaled by <c>(nout - 1) / largest</c>
    /// and floored (exact integer arithmetic), and a position already taken moves to the next free index (mod <c>nout</c>).
    /// </summary>
    private static int[] Fibonacci(int outputs, int degree)
    {
        if (degree == 0)
        {
            return [];
        }

        var positions = new List<BigInteger>(degree) { BigInteger.Zero };
        BigInteger a = 1, b = 2;
        while (positions.Count < degree)
        {
            positions.Add(a);
            (a, b) = (b, a + b);
        }

        BigInteger largest = positions[positions.Count - 1];
        var taken = new bool[outputs];
        var ones = new int[degree];
        for (int t = 0; t < degree; t++)
        {
            BigInteger scaled = largest > outputs - 1 ? positions[t] * (outputs - 1) / largest : positions[t];
            int p = (int)scaled;
            while (taken[p])
            {
                p = (p + 1) % outputs;
            }

            taken[p] = true;
            ones[t] = p;
        }

        return ones;
    }
}
